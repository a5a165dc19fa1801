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

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "flexv: installing ${missing[*]} for the Slurm campaign test" >&2
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive $cmd >/dev/null; }; then
    echo "flexv: installing failed; run it yourself: sudo apt-get update && sudo $cmd" >&2
    exit 1
  fi
  echo "flexv: installed ${missing[*]}" >&2
else
  echo "flexv: missing ${missing[*]}; install with: sudo apt-get update && sudo $cmd" >&2
  exit 1
fi
