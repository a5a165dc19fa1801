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
cmd="apt-get install -y --no-install-recommends ${pkgs[*]}"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "flexv: installing missing system tools: ${pkgs[*]}" >&2
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive $cmd >/dev/null; }; then
    echo "flexv: installing failed; run it yourself: sudo apt-get update && sudo $cmd" >&2
    exit 1
  fi
  echo "flexv: installed ${pkgs[*]}" >&2
else
  echo "flexv: missing system tools: ${pkgs[*]}" >&2
  echo "flexv: install them with: sudo apt-get update && sudo $cmd" >&2
  exit 1
fi
