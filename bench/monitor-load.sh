#!/usr/bin/env bash
# bench/monitor-load.sh [DOMAINS] [SECONDS]: the monitor's pages under load. Fills a SQLite store with DOMAINS
# (default 10,000) domains, each with a stored check made from real recorded results, serves it with danekit serve
# (no scheduler), and measures with wrk (50 connections) the overview and a domain page. The peer, measured in the same
# run with the same wrk settings: nginx serving the very same HTML bytes as static files — the floor of serving that
# page over HTTP on this machine. Prints p50 and p99 of each and the ratio to the peer. Everything runs inside the
# testbed's network namespace (loopback only). Needs: testbed/up. Installs wrk from Debian when missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); repo=$(dirname "$here")
count=${1:-10000}
seconds=${2:-15}
state=${DANEKIT_TESTBED_STATE:-/var/lib/danekit-testbed}
[ -f "$state/world.json" ] || { echo "bench/monitor-load.sh: the testbed is not running: run testbed/up first" >&2; exit 1; }
[[ "$count" =~ ^[1-9][0-9]*$ && "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "bench/monitor-load.sh: DOMAINS and SECONDS are positive whole numbers" >&2; exit 64; }
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
command -v nginx >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null

work=${ARTIFACTS:-/tmp/danekit-bench}/monitor-load
rm -rf "$work"; mkdir -p "$work/static/domain"
dotnet build "$repo/src/DaneKit.Web" -c Release -v quiet -nologo >/dev/null
dotnet build "$repo/bench/MonitorSeed" -c Release -v quiet -nologo >/dev/null
recorded="$repo/tests/DaneKit.Tests/CheckCli/Recorded"
dotnet "$repo/bench/MonitorSeed/bin/Release/net10.0/MonitorSeed.dll" --db "$work/monitor.db" --count "$count" \
  "$recorded/good.json" "$recorded/stale-tlsa.json" "$recorded/broken-dnssec.json" "$recorded/two-addresses-one-wrong-cert.json"

ours=127.0.0.1:18080; peer=127.0.0.1:18081
domain_page="domain/d$(printf %05d $((count / 2))).seed.example"
"$repo/testbed/exec" /bin/sh -c 'exec "$@" > "'"$work"'/monitor.log" 2>&1' sh \
  "$repo/src/DaneKit.Web/bin/Release/net10.0/danekit-web" serve --db "$work/monitor.db" --listen "http://$ours" --public --no-scheduler &
web=$!
trap 'kill $web 2>/dev/null || true; [ -s "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do "$repo/testbed/exec" curl -fsS -o /dev/null "http://$ours/" 2>/dev/null && break; sleep 0.2; done

# The peer serves the same bytes the monitor serves.
"$repo/testbed/exec" curl -fsS -o "$work/static/index.html" "http://$ours/"
"$repo/testbed/exec" curl -fsS -o "$work/static/$domain_page.html" "http://$ours/$domain_page"
cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  types { text/html html; }
  server { listen $peer; root $work/static; location = / { try_files /index.html =404; } location / { try_files \$uri.html =404; } }
}
NGINX
mkdir -p "$work/tmp"
"$repo/testbed/exec" nginx -p "$work" -c "$work/nginx.conf" -e "$work/nginx-error.log"
sleep 0.5

run() { # name url -> "p50 p99 req/s" (milliseconds)
  "$repo/testbed/exec" wrk -t2 -c50 -d"${seconds}s" --latency "$2" > "$work/$1.wrk"
  python3 - "$work/$1.wrk" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def ms(v):
    n, u = float(re.match(r"[\d.]+", v).group()), re.sub(r"[\d.]", "", v)
    return n * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[u]
p = {k: ms(v) for k, v in re.findall(r"^\s+(50|99)%\s+(\S+)", t, re.M)}
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
print(f"{p['50']:.2f} {p['99']:.2f} {rps:.0f} {non2xx.group(1) if non2xx else 0}")
PY
}
printf '%-44s %10s %10s %10s %8s\n' "page ($count domains, 50 connections, ${seconds}s)" "p50 ms" "p99 ms" "req/s" "errors"
declare -A P99
for spec in "overview|http://$ours/|http://$peer/" "domain page|http://$ours/$domain_page|http://$peer/$domain_page"; do
  IFS='|' read -r name url purl <<< "$spec"
  read -r a50 a99 arps aerr <<< "$(run "ours-${name// /-}" "$url")"
  read -r b50 b99 brps berr <<< "$(run "peer-${name// /-}" "$purl")"
  printf '%-44s %10s %10s %10s %8s\n' "danekit serve: $name" "$a50" "$a99" "$arps" "$aerr" "nginx, same bytes (peer): $name" "$b50" "$b99" "$brps" "$berr"
  python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'  ratio p99 danekit/nginx: {a/b:.1f}x; goal p99 < 50 ms: {\"met\" if a < 50 else \"NOT met\"}')" "$a99" "$b99"
done
echo "wrk output and logs: $work"
