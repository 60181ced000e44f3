#!/usr/bin/env bash
# bench/scan.sh WORLD [N=1000]: `danekit scan` (the NativeAOT executable) over a testbed world of N generated domains,
# beside Postfix's posttls-finger driven over the same list by 8 parallel processes (xargs -P 8, one
# `posttls-finger -c -l dane -t 30 -T 30 DOMAIN` each, as testbed/peer runs it), both in the same run inside the
# testbed namespace. WORLD is
#   shared    testbed/up --domains N --mx-hosts 20: the domains share 20 MX hosts, as real domains share providers.
#             The scan resolves and probes each MX address once; posttls-finger does a full session per domain.
#   distinct  testbed/up --domains N: every domain has its own MX host (own zone, own smtpd listener), so both tools
#             make N SMTP/TLS sessions. On 2 cores the testbed's own smtpd start-up (a new smtpd process per
#             listener at first contact: the issue estimates ~35 ms of server CPU, measured here ~10.5 ms, so ~11 s
#             of the 2 cores for 1,000 domains) bounds both tools' wall time there: compare client CPU per domain
#             instead (the issue's goal for this world).
# THIS REBUILDS THE TESTBED (testbed/up with the world above: fresh keys, every running testbed process restarted).
#
# Each side is measured on a freshly settled world, never one warmed by the other: before each side, the script
# waits until every smtpd has exited (the testbed's max_idle is 10 s) and reloads Unbound (empty caches). So both pay
# the same server-side first-contact costs: Unbound's recursion and validation, smtpd start-up.
# Sides, in this order: posttls-finger x8; `danekit scan` as shipped (DANE, plus MTA-STS and TLS-RPT: two more
# validated TXT lookups per domain, and a policy fetch where one is published); `danekit scan --no-mta-sts`, the same
# job as posttls-finger's (DANE only; DaneKit still validates DNSSEC itself, posttls-finger trusts Unbound's AD bit).
# Measured per side: wall time, domains/s, client CPU (user+sys from wait4() of each client process: the scan's own
# process; the sum over the N posttls-finger processes; a small C wrapper records them), peak RSS (the scan's; the
# largest posttls-finger's), and, for context, the server CPU the side caused (the smtpd processes, read from the
# Postfix masters' reaped-children times, and Unbound's own times).
# Prints the table and the issue's ratios: shared world throughput (goal >= 5x), distinct world client CPU per domain
# (goal <= 0.5x), peak RSS. Needs: scripts/setup-packages (the testbed); installs clang and zlib1g-dev when missing.
# DANEKIT_AOT: use this danekit executable instead of running scripts/publish --aot-only.
# SCAN_ARGS: extra arguments for danekit scan (e.g. "--no-mta-sts").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); repo=$(dirname "$here")
world=${1:-}
n=${2:-1000}
case "$world" in
  shared) up_args=(--domains "$n" --mx-hosts 20) ;;
  distinct) up_args=(--domains "$n") ;;
  *) echo "usage: bench/scan.sh shared|distinct [N=1000]" >&2; exit 64 ;;
esac
[[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench/scan.sh: N must be a positive whole number" >&2; exit 64; }
state=${DANEKIT_TESTBED_STATE:-/var/lib/danekit-testbed}
artifacts=${ARTIFACTS:-/tmp/danekit-bench}
work="$artifacts/scan-$world-$n"
rm -rf "$work"; mkdir -p "$work"

missing=()
command -v cc >/dev/null || command -v clang >/dev/null || missing+=(clang)
dpkg-query -W -f='${Status}' zlib1g-dev 2>/dev/null | grep -q "install ok installed" || missing+=(zlib1g-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench/scan.sh: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
aot=${DANEKIT_AOT:-}
if [ -z "$aot" ]; then "$repo/scripts/publish" --aot-only >/dev/null; aot="$repo/artefacts/publish/danekit"; fi

# rusage-run LOG CMD...: runs CMD, then appends "wall user sys maxrss_kb status" of that process (wait4) to LOG in
# one write (safe from 8 parallel writers).
cat > "$work/rusage-run.c" <<'C'
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: rusage-run LOG CMD...\n"); return 64; }
  struct timespec t0, t1; clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = fork();
  if (pid < 0) { perror("fork"); return 71; }
  if (pid == 0) { execvp(argv[2], argv + 2); perror(argv[2]); _exit(127); }
  int status; struct rusage ru;
  if (wait4(pid, &status, 0, &ru) < 0) { perror("wait4"); return 71; }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  char line[256];
  int len = snprintf(line, sizeof line, "%.6f %ld.%06ld %ld.%06ld %ld %d\n",
    (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, (long)ru.ru_utime.tv_sec, (long)ru.ru_utime.tv_usec,
    (long)ru.ru_stime.tv_sec, (long)ru.ru_stime.tv_usec, ru.ru_maxrss, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  int fd = open(argv[1], O_WRONLY | O_APPEND | O_CREAT, 0644);
  if (fd < 0 || write(fd, line, len) != len) { perror(argv[1]); return 71; }
  close(fd);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
C
"$(command -v cc || command -v clang)" -O2 -o "$work/rusage-run" "$work/rusage-run.c"

echo "bench/scan.sh: testbed/up ${up_args[*]} (rebuilds the testbed)"
"$repo/testbed/up" "${up_args[@]}"

# The measurement runs inside the namespace.
cat > "$work/inside.sh" <<'SH'
set -euo pipefail
work=$1 aot=$2 state=$3 n=$4
read -r resolver anchor ca list ubconf < <(python3 -c '
import json, sys; w = json.load(open(sys.argv[1]))
print(w["resolver"], w["trust_anchor_ds"], w["https"]["ca_root"], w["scale"]["list"], w["unbound_conf"])' "$state/world.json")
cp "$list" "$work/domains.txt"
[ "$(wc -l < "$work/domains.txt")" = "$n" ] || { echo "bench/scan.sh: the world's list does not have $n domains" >&2; exit 1; }

# Waits until every smtpd has exited (max_idle 10 s) and the masters have reaped them, then empties Unbound's caches.
settle() {
  local i=0
  while pgrep -x smtpd >/dev/null; do sleep 0.5; i=$((i + 1)); [ $i -lt 120 ] || { echo "smtpd processes stay" >&2; exit 1; }; done
  sleep 0.5
}
flush_dns() {
  unbound-control -c "$ubconf" reload >/dev/null
  local i=0
  until dig +short +time=1 +tries=1 @"$resolver" . SOA >/dev/null 2>&1; do sleep 0.2; i=$((i + 1)); [ $i -lt 50 ] || exit 1; done
}
# Busy CPU seconds of the whole machine so far (/proc/stat: all but idle and iowait), to show other load.
busy() { awk -v t="$(getconf CLK_TCK)" '/^cpu /{printf "%.2f\n", ($2+$3+$4+$7+$8+$9)/t}' /proc/stat; }
# Bytes in the Postfix logs so far; sessions() counts, from such a mark on, smtpd sessions of scenario listeners
# (not "postfix/scale"): none of the sides contacts them, so any are someone else's use of the testbed.
mark() { cat "$state"/postfix/*/maillog | wc -c; }
sessions() { cat "$state"/postfix/*/maillog | tail -c +"$(( $1 + 1 ))" | grep ' connect from ' | grep -vc 'postfix/scale/' || true; }
# CPU seconds (user+sys) of the smtpds reaped by the Postfix masters, and of Unbound.
server_cpu() {
  python3 - "$state" <<'PY'
import glob, os, sys
tick = os.sysconf("SC_CLK_TCK")
def stat(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return [int(x) / tick for x in f[11:15]]  # utime stime cutime cstime
smtpd = 0.0
for pid in os.popen("pgrep -x master").read().split():
    u, s, cu, cs = stat(pid); smtpd += cu + cs
ub = stat(open(glob.glob(sys.argv[1] + "/unbound/unbound.pid")[0]).read().strip())
print(f"{smtpd:.2f} {ub[0] + ub[1]:.2f}")
PY
}

settle; flush_dns
read -r s0 u0 < <(server_cpu)
b0=$(busy); m0=$(mark)
t0=$(date +%s%N)
xargs -a "$work/domains.txt" -P 8 -n 1 "$work/rusage-run" "$work/peer.rusage" \
  env MAIL_CONFIG="$state/peer" posttls-finger -c -l dane -t 30 -T 30 >"$work/peer.out" 2>&1 || true
t1=$(date +%s%N)
echo "$(( (t1 - t0) / 1000 ))" > "$work/peer.wall_us"
echo "$b0 $(busy)" > "$work/peer.busy"
sessions "$m0" > "$work/peer.foreign"
settle
read -r s1 u1 < <(server_cpu)
echo "$s0 $u0 $s1 $u1" > "$work/peer.server"

# One scan side: LABEL, then extra arguments.
scan_side() {
  local label=$1; shift
  flush_dns
  read -r s0 u0 < <(server_cpu)
  rm -f "$work/$label.jsonl" "$work/$label-summary.json" "$work/$label.rusage"
  b0=$(busy); m0=$(mark)
  # shellcheck disable=SC2086
  "$work/rusage-run" "$work/$label.rusage" "$aot" scan "$work/domains.txt" -o "$work/$label.jsonl" \
    --resolver "$resolver" --trust-anchor "$anchor" --summary-json "$work/$label-summary.json" --quiet \
    "$@" $SCAN_ARGS >"$work/$label.out" 2>"$work/$label.err" || echo "danekit scan exited $? (see $work/$label.err)" >&2
  echo "$b0 $(busy)" > "$work/$label.busy"
  sessions "$m0" > "$work/$label.foreign"
  settle
  read -r s1 u1 < <(server_cpu)
  echo "$s0 $u0 $s1 $u1" > "$work/$label.server"
}
scan_side scan --ca-file "$ca"   # the testbed CA, for the MTA-STS policy hosts
scan_side scan-no-mta-sts --no-mta-sts
SH

"$repo/testbed/exec" env SCAN_ARGS="${SCAN_ARGS:-}" bash "$work/inside.sh" "$work" "$aot" "$state" "$n"

python3 - "$work" "$world" "$n" "$aot" <<'PY'
import collections, json, sys
work, world, n, aot = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
def rows(path):
    return [l.split() for l in open(path) if l.strip()]
def pair(path):
    a = list(map(float, open(path).read().split())); return [a[i + len(a) // 2] - a[i] for i in range(len(a) // 2)]
def side(label, name):
    r = rows(f"{work}/{label}.rusage")
    d = {"name": name, "cpu_s": sum(float(x[1]) + float(x[2]) for x in r), "peak_rss_mb": max(int(x[3]) for x in r) / 1024,
         "nonzero_exits": sum(1 for x in r if x[4] != "0"), "processes": len(r)}
    d["smtpd_cpu_s"], d["unbound_cpu_s"] = pair(f"{work}/{label}.server")
    d["machine_busy_s"] = pair(f"{work}/{label}.busy")[0]
    d["foreign_sessions"] = int(open(f"{work}/{label}.foreign").read().split()[0])
    if label == "peer":
        d["wall_s"] = int(open(f"{work}/peer.wall_us").read()) / 1e6
        d["verified"] = sum(1 for l in open(f"{work}/peer.out", errors="replace") if "Verified TLS connection established" in l)
    else:
        d["wall_s"] = float(r[0][0])
        v = collections.Counter(json.loads(l).get("verdict") for l in open(f"{work}/{label}.jsonl") if l.strip())
        d["results"], d["verdicts"] = sum(v.values()), dict(v)
        try:
            d["summary"] = {k: x for k, x in json.load(open(f"{work}/{label}-summary.json")).items() if not isinstance(x, (list, dict))}
        except (OSError, ValueError) as e:
            d["summary"] = f"none: {e}"
    return d
peer = side("peer", "posttls-finger x8 (xargs -P 8)")
scans = [side("scan", "danekit scan"), side("scan-no-mta-sts", "danekit scan --no-mta-sts")]
print()
print(f"world: {world}, {n} domains ({'20 shared MX hosts' if world == 'shared' else 'one MX host each'}); "
      f"danekit {aot} (NativeAOT); each side on a settled world (no idle smtpd, Unbound reloaded: empty cache)")
print(f"posttls-finger: {peer['processes']} runs, {peer['nonzero_exits']} non-zero exits, {peer['verified']} 'Verified' sessions")
for s in scans:
    print(f"{s['name']}: {s['results']} results, verdicts {s['verdicts']}, exit {'0' if not s['nonzero_exits'] else 'non-zero'}")
print(f"{'side':32} {'wall s':>7} {'domains/s':>9} {'client CPU s':>12} {'CPU ms/domain':>13} {'peak RSS MB':>11} "
      f"{'smtpd CPU s':>11} {'Unbound CPU s':>13} {'machine busy s':>14}")
for d in [peer] + scans:
    print(f"{d['name']:32} {d['wall_s']:7.2f} {n / d['wall_s']:9.1f} {d['cpu_s']:12.2f} {d['cpu_s'] / n * 1000:13.2f} "
          f"{d['peak_rss_mb']:11.1f} {d['smtpd_cpu_s']:11.2f} {d['unbound_cpu_s']:13.2f} {d['machine_busy_s']:14.2f}")
foreign = {d["name"]: d["foreign_sessions"] for d in [peer] + scans if d["foreign_sessions"]}
if foreign:
    print(f"WARNING: someone else used the testbed during the run (smtpd sessions to scenario hosts: {foreign}); "
          "its CPU is in 'machine busy' and, for smtpd, in 'smtpd CPU s': run again")
print("(client CPU: user+sys of the client processes only; peak RSS: the scan's, the largest posttls-finger's (8 run at\n"
      " once); machine busy: CPU seconds of every process on the 2 cores during the side, beyond client + smtpd + Unbound\n"
      " it is other load)")
out = {"world": world, "domains": n, "peer": peer, "scans": scans}
for s in scans:
    thr, cpu = peer["wall_s"] / s["wall_s"], s["cpu_s"] / peer["cpu_s"]
    s["throughput_ratio"], s["cpu_ratio"] = thr, cpu
    goal = (f"  goal >= 5x: {'met' if thr >= 5 else 'NOT met'}" if world == "shared"
            else f"  goal <= 0.5x: {'met' if cpu <= 0.5 else 'NOT met'}")
    print(f"{s['name']:28} / posttls-finger: throughput {thr:5.2f}x, client CPU per domain {cpu:5.3f}x, "
          f"peak RSS {s['peak_rss_mb']:.1f} MB vs {peer['peak_rss_mb']:.1f} MB per process ({8 * peer['peak_rss_mb']:.0f} MB for 8){goal}")
print("the scan's own summary:", json.dumps(scans[0]["summary"]))
json.dump(out, open(f"{work}/result.json", "w"), indent=1)
print(f"details: {work}/result.json")
PY
