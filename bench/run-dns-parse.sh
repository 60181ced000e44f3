#!/usr/bin/env bash
# bench/run-dns-parse.sh [BenchmarkDotNet args...]: decodes captured DNS responses (and encodes a query) with
# BenchmarkDotNet in Release, a short job, in-process, then prints messages per second and bytes allocated
# per message for each case. Goal (DNS core issue): >= 1,000,000 TLSA responses per second on one core.
# Environment: ARTIFACTS (build output, default /tmp/danekit-bench), RESULTS (BenchmarkDotNet reports).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
artifacts="${ARTIFACTS:-/tmp/danekit-bench}"
results="${RESULTS:-$artifacts/results}"
dotnet build "$here/DaneKit.Bench/DaneKit.Bench.csproj" -c Release --artifacts-path "$artifacts" -v quiet -nologo
rm -rf "$results"
dotnet "$artifacts/bin/DaneKit.Bench/release/DaneKit.Bench.dll" \
  --filter '*DnsParseBenchmarks*' --job short --inProcess --exporters json --artifacts "$results" "$@"
python3 - "$results" <<'PY'
import glob, json, sys
files = glob.glob(sys.argv[1] + "/results/*DnsParseBenchmarks*-report-full-compressed.json")
report = json.load(open(files[0]))
print()
print(f"{'case':<22} {'ns/msg':>9} {'msgs/s':>12} {'B/msg':>7} {'gen0/1k':>7}")
for b in report["Benchmarks"]:
    mean = b["Statistics"]["Mean"]
    mem = b.get("Memory", {})
    print(f"{b['Method']:<22} {mean:>9.1f} {1e9 / mean:>12,.0f} {mem.get('BytesAllocatedPerOperation', 0):>7} "
          f"{mem.get('Gen0Collections', 0):>7}")
print(f"(one thread; {report['HostEnvironmentInfo']['ProcessorName']}, {report['HostEnvironmentInfo']['RuntimeVersion']})")
PY
