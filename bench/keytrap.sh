#!/usr/bin/env bash
# bench/keytrap.sh [RUNS]: CPU for one cold validation of the KeyTrap scenario (64 DNSKEYs sharing one key tag,
# 32 bogus RRSIGs per RRset; CVE-2023-50387), DaneKit beside Unbound, measured in the same run on the running
# testbed. A normal zone (dane-ee-311) is measured too, as the baseline. Needs: testbed/up.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); repo=$(dirname "$here")
runs=${1:-9}
state=${DANEKIT_TESTBED_STATE:-/var/lib/danekit-testbed}
[ -f "$state/world.json" ] || { echo "bench/keytrap.sh: the testbed is not running: run testbed/up first" >&2; exit 1; }
artifacts=${ARTIFACTS:-/tmp/danekit-bench}
dotnet build "$here/DaneKit.Bench/DaneKit.Bench.csproj" -c Release --artifacts-path "$artifacts" -v quiet -nologo >/dev/null
bench="$artifacts/bin/DaneKit.Bench/release/DaneKit.Bench.dll"
anchor="$state/anchor/root.ds"
printf '%-38s %14s %14s %8s   %s\n' "name" "DaneKit CPU s" "Unbound CPU s" "ratio" "DaneKit status, verifications"
for target in "_25._tcp.mx.keytrap.example. TLSA" "_25._tcp.mx.dane-ee-311.example. TLSA"; do
  set -- $target
  ours=$("$repo/testbed/exec" dotnet "$bench" validate-cpu 127.53.53.53 "$anchor" "$runs" "$1" "$2")
  theirs=$("$repo/testbed/keytrap-measure" --runs "$runs" "$1" "$2" 2>/dev/null)
  read -r cpu status verifications <<< "$ours"
  ratio=$(python3 -c "print(f'{$cpu / $theirs:.2f}' if $theirs > 0 else 'n/a')")
  printf '%-38s %14s %14s %8s   %s, %s\n' "$1" "$cpu" "$theirs" "$ratio" "$status" "$verifications"
done
echo "(median of $runs cold validations each; DaneKit: process CPU of one validation with data from Unbound (CD), after a warm-up;"
echo " Unbound: its threads' CPU for one cold query after flushing the zone, keys, bogus and infra caches)"
