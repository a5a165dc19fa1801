# Sourced by ensure-tools.sh and ensure-slurm.sh: installs Debian packages when we are root with apt-get,
# otherwise prints the exact command. One copy of the install-or-explain policy for both scripts.
# Usage: apt_install_or_explain "<what they are for>" pkg...
apt_install_or_explain() {
  local purpose=$1; shift
  local cmd="apt-get install -y --no-install-recommends $*"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "flexv: installing $purpose: $*" >&2
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive $cmd >/dev/null; }; then
      echo "flexv: installing failed; run it yourself: sudo apt-get update && sudo $cmd" >&2
      return 1
    fi
    echo "flexv: installed $*" >&2
  else
    echo "flexv: missing $purpose: $*" >&2
    echo "flexv: install them with: sudo apt-get update && sudo $cmd" >&2
    return 1
  fi
}
