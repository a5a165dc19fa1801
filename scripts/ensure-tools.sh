#!/usr/bin/env bash
# Checks the system tools flexv runs (the list mirrors src/util/tools.ts). When one is missing and we are
# root with apt-get, installs the Debian packages and says so; otherwise prints the exact install command.
set -euo pipefail

# tool binary -> Debian package
declare -A PKG=(
  [verilator]=verilator
  [make]=make
  [g++]=g++
  [yosys]=yosys
  [riscv64-unknown-elf-gcc]=gcc-riscv64-unknown-elf
  [riscv64-unknown-elf-objdump]=binutils-riscv64-unknown-elf
  [qemu-riscv32]=qemu-user
)
# picolibc has no binary of its own: look for its specs file.
PICOLIBC_SPECS=/usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs

missing=()
for bin in "${!PKG[@]}"; do
  command -v "$bin" >/dev/null 2>&1 || missing+=("${PKG[$bin]}")
done
[ -f "$PICOLIBC_SPECS" ] || missing+=(picolibc-riscv64-unknown-elf)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

mapfile -t pkgs < <(printf '%s\n' "${missing[@]}" | sort -u)
source "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh"
apt_install_or_explain "system tools" "${pkgs[@]}"
