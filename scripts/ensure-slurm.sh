#!/usr/bin/env bash
# Installs Slurm (slurmctld, slurmd, sbatch, squeue, sacct) and munge from Debian when they are missing, for
# the campaign tests (test/campaign/slurm.test.ts) and `flexv campaign run --backend slurm` on one machine.
# Separate from ensure-tools.sh: only the Slurm test needs it. Exit 0 when present or installed; 1 (with the
# exact command) when it cannot install. Starting the daemons is the test helper's job
# (src/campaign/slurm-local.ts), not this script's.
set -euo pipefail

missing=()
for bin in sbatch squeue sacct scontrol slurmctld slurmd; do
  command -v "$bin" >/dev/null 2>&1 || { missing+=(slurm-wlm); break; }
done
command -v munged >/dev/null 2>&1 || missing+=(munge)
[ ${#missing[@]} -eq 0 ] && exit 0

source "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh"
apt_install_or_explain "Slurm and munge for the campaign test" "${missing[@]}"
