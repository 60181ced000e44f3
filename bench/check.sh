#!/usr/bin/env bash
# bench/check.sh [DOMAIN] [RUNS]: `danekit check DOMAIN` as a whole process, beside Postfix's posttls-finger for the
# same domain, measured with hyperfine in the same run inside the testbed namespace. Both ask the testbed's Unbound
# (127.53.53.53); DaneKit validates the answers itself from the testbed root key, posttls-finger trusts Unbound's AD
# bit. posttls-finger stops at the first address that completes a session, so the default domain has one MX host with
# one address, where both do the same work: MX, A/AAAA, TLSA, STARTTLS, match. DaneKit is measured twice: the
# NativeAOT build (the shipped form) and the JIT build (`dotnet build`). Needs: testbed/up. Installs hyperfine and
# clang (for NativeAOT) from Debian when missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); repo=$(dirname "$here")
domain=${1:-dane-ee-311.example}
runs=${2:-30}
state=${DANEKIT_TESTBED_STATE:-/var/lib/danekit-testbed}
[ -f "$state/world.json" ] || { echo "bench/check.sh: the testbed is not running: run testbed/up first" >&2; exit 1; }
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "bench/check.sh: RUNS must be a positive whole number" >&2; exit 64; }

missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v clang >/dev/null || missing+=(clang)
dpkg-query -W -f='${Status}' zlib1g-dev 2>/dev/null | grep -q "install ok installed" || missing+=(zlib1g-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench/check.sh: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

artifacts=${ARTIFACTS:-/tmp/danekit-bench}
aot="$artifacts/aot"
dotnet publish "$repo/src/DaneKit.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$aot" -v quiet -nologo >/dev/null
dotnet build "$repo/src/DaneKit.Cli" -c Release -v quiet -nologo >/dev/null
jit="$repo/src/DaneKit.Cli/bin/Release/net10.0/danekit"
resolver=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['resolver'])" "$state/world.json")
anchor="$state/anchor/root.ds"
out="$artifacts/check-$domain.json"

# Each command must reach its verdict before it is timed: a failing run would measure an error path.
"$repo/testbed/exec" "$aot/danekit" check --resolver "$resolver" --trust-anchor "$anchor" "$domain" >/dev/null || {
  echo "bench/check.sh: danekit check $domain did not exit 0; pick an authenticated scenario" >&2; exit 1; }

"$repo/testbed/exec" hyperfine -N --warmup 3 --runs "$runs" --style basic --export-json "$out" \
  -n posttls-finger "env MAIL_CONFIG=$state/peer posttls-finger -c -l dane -t 30 -T 30 $domain" \
  -n "danekit (NativeAOT)" "$aot/danekit check --resolver $resolver --trust-anchor $anchor $domain" \
  -n "danekit (JIT)" "$jit check --resolver $resolver --trust-anchor $anchor $domain"

python3 - "$out" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
peer = r["posttls-finger"]["median"]
print()
print(f"{'command':24} {'median ms':>10} {'mean ms':>10} {'ratio to posttls-finger (median)':>34}")
for name, x in r.items():
    print(f"{name:24} {x['median']*1000:10.1f} {x['mean']*1000:10.1f} {x['median']/peer:34.2f}")
print("(ratio < 1: faster than posttls-finger)")
PY
