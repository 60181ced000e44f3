#!/usr/bin/env bash
# bench/scan-memory.sh [LINES=100000]: peak memory of `danekit scan` (the NativeAOT executable) over a long input,
# against the issue's goal of under 300 MB for 100,000 lines. The input mixes, line by line:
#   - every 10th line: a name of the running testbed world (its scenario domains and its scale domains), cycled,
#     so each reappears many times (the scan deduplicates them: one result each);
#   - the other lines: distinct NXDOMAIN names nx-<i>.example. (cheap for the servers: Unbound answers them from
#     the signed example. zone's denial proof), so the scan really holds that many distinct domains in flight,
#     in its deduplication set and in its output, and the memory test is not one of a few names.
# Runs inside the testbed namespace on whatever world is running (testbed/up, or the one bench/scan.sh left); does
# not rebuild it. Reports peak RSS (wait4 ru_maxrss, the kernel's VmHWM of the process), wall time, domains/s
# (results written per second), results per verdict, and checks one result per distinct input name.
# DANEKIT_AOT: use this danekit executable instead of running scripts/publish --aot-only.
# SCAN_ARGS: extra arguments for danekit scan.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); repo=$(dirname "$here")
lines=${1:-100000}
[[ "$lines" =~ ^[1-9][0-9]*$ ]] || { echo "bench/scan-memory.sh: LINES must be a positive whole number" >&2; exit 64; }
state=${DANEKIT_TESTBED_STATE:-/var/lib/danekit-testbed}
[ -f "$state/world.json" ] || { echo "bench/scan-memory.sh: the testbed is not running: run testbed/up first" >&2; exit 1; }
artifacts=${ARTIFACTS:-/tmp/danekit-bench}
work="$artifacts/scan-memory-$lines"
rm -rf "$work"; mkdir -p "$work"
aot=${DANEKIT_AOT:-}
if [ -z "$aot" ]; then "$repo/scripts/publish" --aot-only >/dev/null; aot="$repo/artefacts/publish/danekit"; fi

python3 - "$state/world.json" "$lines" "$work/input.txt" <<'PY'
import json, sys
w = json.load(open(sys.argv[1])); lines = int(sys.argv[2])
cat = json.load(open(w["catalogue"]))
names = [s["domain"] for s in cat["scenarios"] if s["id"] in set(w["scenarios"])]
try:
    names += [l.strip() for l in open(w["scale"]["list"]) if l.strip()]
except OSError:
    pass
with open(sys.argv[3], "w") as f:
    nx = 0
    for i in range(lines):
        if i % 10 == 0:
            f.write(names[(i // 10) % len(names)] + "\n")
        else:
            f.write(f"nx-{nx}.example.\n"); nx += 1
PY
distinct=$(sed 's/\.$//' "$work/input.txt" | tr 'A-Z' 'a-z' | sort -u | wc -l)
echo "bench/scan-memory.sh: $lines lines, $distinct distinct names ($(grep -c '^nx-' "$work/input.txt") NXDOMAIN)"

cc=$(command -v cc || command -v clang)
cat > "$work/rusage-run.c" <<'C'
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
int main(int argc, char **argv) {
  struct timespec t0, t1; clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = fork();
  if (pid == 0) { execvp(argv[2], argv + 2); perror(argv[2]); _exit(127); }
  int status; struct rusage ru; wait4(pid, &status, 0, &ru); clock_gettime(CLOCK_MONOTONIC, &t1);
  FILE *f = fopen(argv[1], "w");
  fprintf(f, "%.6f %ld.%06ld %ld.%06ld %ld %d\n", (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
    (long)ru.ru_utime.tv_sec, (long)ru.ru_utime.tv_usec, (long)ru.ru_stime.tv_sec, (long)ru.ru_stime.tv_usec,
    ru.ru_maxrss, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  fclose(f);
  return 0;
}
C
"$cc" -O2 -o "$work/rusage-run" "$work/rusage-run.c"

read -r resolver anchor ca < <(python3 -c '
import json, sys; w = json.load(open(sys.argv[1])); print(w["resolver"], w["trust_anchor_ds"], w["https"]["ca_root"])' "$state/world.json")
# shellcheck disable=SC2086
"$repo/testbed/exec" "$work/rusage-run" "$work/scan.rusage" "$aot" scan "$work/input.txt" -o "$work/scan.jsonl" \
  --resolver "$resolver" --trust-anchor "$anchor" --ca-file "$ca" --summary-json "$work/scan-summary.json" --quiet \
  ${SCAN_ARGS:-} >"$work/scan.out" 2>"$work/scan.err"

python3 - "$work" "$lines" "$distinct" <<'PY'
import collections, json, sys
work, lines, distinct = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
wall, user, sys_, rss, status = open(f"{work}/scan.rusage").read().split()
wall, cpu, rss = float(wall), float(user) + float(sys_), int(rss) / 1024
verdicts = collections.Counter(); seen = collections.Counter()
for l in open(f"{work}/scan.jsonl"):
    if l.strip():
        d = json.loads(l); verdicts[d.get("verdict")] += 1; seen[d.get("domain", "").lower().rstrip(".")] += 1
results = sum(verdicts.values())
print(f"danekit scan exit {status}: {results} results for {distinct} distinct names of {lines} lines; "
      f"duplicates in output: {sum(1 for c in seen.values() if c > 1)}")
print(f"verdicts: {dict(verdicts)}")
print(f"wall {wall:.1f} s, {results / wall:.0f} domains/s ({lines / wall:.0f} input lines/s), CPU {cpu:.1f} s "
      f"({cpu / max(results, 1) * 1000:.2f} ms/domain)")
print(f"peak RSS {rss:.1f} MB (goal < 300 MB: {'met' if rss < 300 else 'NOT met'})")
try:
    s = json.load(open(f"{work}/scan-summary.json"))
    print("scan summary (its own figures):", json.dumps({k: v for k, v in s.items() if not isinstance(v, (list, dict))}))
except (OSError, ValueError) as e:
    print(f"no scan summary: {e}")
PY
