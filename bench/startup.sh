#!/usr/bin/env bash
# bench/startup.sh [RUNS=10]: start-up time of the danekit command, `danekit --version`, for the NativeAOT
# single-file executable (scripts/publish, the shipped form) beside the JIT build (`dotnet build`, the apphost
# src/DaneKit.Cli/bin/Release/net10.0/danekit), measured with hyperfine in the same run: 3 warm-up runs, then RUNS
# timed runs each, no shell (-N). Prints the medians and the ratio. Goal (issue 9): NativeAOT median under 20 ms.
# No testbed needed. Installs hyperfine, clang and zlib1g-dev from Debian when missing.
# DANEKIT_AOT / DANEKIT_JIT: use these executables instead of building (e.g. when another build is in progress).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); repo=$(dirname "$here")
runs=${1:-10}
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "bench/startup.sh: RUNS must be a positive whole number" >&2; exit 64; }
command -v hyperfine >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends hyperfine >/dev/null

aot=${DANEKIT_AOT:-}
if [ -z "$aot" ]; then "$repo/scripts/publish" --aot-only >/dev/null; aot="$repo/artefacts/publish/danekit"; fi
jit=${DANEKIT_JIT:-}
if [ -z "$jit" ]; then
  dotnet build "$repo/src/DaneKit.Cli" -c Release -v quiet -nologo >/dev/null
  jit="$repo/src/DaneKit.Cli/bin/Release/net10.0/danekit"
fi
artifacts=${ARTIFACTS:-/tmp/danekit-bench}
mkdir -p "$artifacts"
out="$artifacts/startup.json"
echo "NativeAOT: $aot ($("$aot" --version)); JIT: $jit"

hyperfine -N --warmup 3 --runs "$runs" --style basic --export-json "$out" \
  -n "danekit --version (NativeAOT)" "$aot --version" \
  -n "danekit --version (JIT)" "$jit --version"

python3 - "$out" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
aot, jit = r["danekit --version (NativeAOT)"], r["danekit --version (JIT)"]
print()
print(f"{'build':12} {'median ms':>10} {'mean ms':>9} {'min ms':>8} {'max ms':>8} {'user ms':>8} {'sys ms':>7}")
for name, x in (("NativeAOT", aot), ("JIT", jit)):
    print(f"{name:12} {x['median']*1000:10.1f} {x['mean']*1000:9.1f} {x['min']*1000:8.1f} {x['max']*1000:8.1f} "
          f"{x['user']*1000:8.1f} {x['system']*1000:7.1f}")
print(f"NativeAOT / JIT (median): {aot['median']/jit['median']:.3f} (JIT is {jit['median']/aot['median']:.1f}x slower)")
ok = aot["median"] < 0.020
print(f"goal: NativeAOT median under 20 ms: {'met' if ok else 'NOT met'} ({aot['median']*1000:.1f} ms)")
PY
