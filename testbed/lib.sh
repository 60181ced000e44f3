# Shared by the testbed scripts. Sourced, not run.
set -euo pipefail
TESTBED_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$TESTBED_DIR")
STATE=${DANEKIT_TESTBED_STATE:-/var/lib/danekit-testbed}
NETNS=${DANEKIT_TESTBED_NETNS:-danekit}
RESOLVER=127.53.53.53

die() { echo "testbed: $*" >&2; exit 1; }
log() { echo "testbed: $*" >&2; }
need_root() { [ "$(id -u)" = 0 ] || die "must run as root (network namespaces, ports 25 and 53)"; }

# True when this process already runs inside the testbed namespace.
in_netns() { [ "$(ip netns identify $$ 2>/dev/null)" = "$NETNS" ]; }

# Runs a command inside the namespace, with the testbed's resolv.conf (via /etc/netns/$NETNS) and its
# root key bind-mounted over the default anchor of libunbound-based tools. The mounts are private to
# the namespace's own mount namespace: the host's files are untouched.
ns_exec() {
  if in_netns; then "$@"; return; fi
  ip netns exec "$NETNS" /bin/sh -c '
    if [ -f "$0/anchor/root.key" ] && [ -e /usr/share/dns/root.key ]; then
      mount --bind "$0/anchor/root.key" /usr/share/dns/root.key
    fi
    exec "$@"' "$STATE" "$@"
}

# pid from a pidfile, if that process is alive.
live_pid() {
  local f=$1 pid
  [ -s "$f" ] || return 1
  pid=$(tr -dc 0-9 < "$f" | head -c 10)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# Waits until a pid is gone (up to $2 tenths of a second).
wait_gone() {
  local pid=$1 n=${2:-100}
  while kill -0 "$pid" 2>/dev/null && [ "$n" -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
  ! kill -0 "$pid" 2>/dev/null
}
