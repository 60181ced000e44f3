#!/usr/bin/python3
"""The reference peer: Postfix's posttls-finger, run against the testbed, its log mapped to RFC 7672 verdicts.

Runs inside the testbed namespace (testbed/peer enters it). For DOMAIN it runs
  posttls-finger -v -l dane DOMAIN             once: what Postfix does for the domain (MX security included);
  posttls-finger -v -l dane [HOST]             for every MX host, repeated until every address of the host
                                               has been tried (posttls-finger shuffles addresses itself and
                                               stops at the first session that completes), at most 16 times.
The peer's verdict is the worst over all sessions, in the order of testbed/CONTRACT.md.

How posttls-finger's words map to verdicts (Postfix 3.7 at -l dane):
  "does not accept mail (nullMX)"                         -> no-mail          (RFC 7505)
  "Destination address lookup failed ... try again",
  "TLSA lookup error", no session at all                   -> deferred         (RFC 7672 2.1.2)
  "Verified TLS connection established"                    -> authenticated    (RFC 7672 3.1)
  "Trusted TLS connection established"                     -> authenticated-insecure-mx (MX RRset insecure, 2.2.1)
  "all TLSA records unusable, fallback to unauthenticated" -> encrypted-unauthenticated (RFC 7672 2.2)
  "Untrusted ..." after a secure TLSA RRset was found      -> dane-fail        (RFC 7672 3.1)
  "Untrusted ..." with no TLSA RRset (posttls-finger then
   falls back to its "secure" level)                       -> opportunistic    (RFC 7672 2.2)
  no STARTTLS in the EHLO reply, TLSA RRset found          -> dane-fail        (RFC 7672 2.2.3)
  no STARTTLS in the EHLO reply, no TLSA                   -> no-tls
"""
import json
import os
import re
import signal
import subprocess
import sys

RESOLVER = "127.53.53.53"
ORDER = ["dane-fail", "deferred", "no-tls", "encrypted-unauthenticated", "opportunistic",
         "authenticated-insecure-mx", "authenticated"]
MAX_REPEATS = 16
PREFIX = "posttls-finger: "

RE_HOSTADDR = r"(?P<host>[^\s\[]+)\[(?P<addr>[0-9.]+)\]:\d+"
RE_CONNECTED = re.compile(r"^Connected to " + RE_HOSTADDR)
RE_ESTABLISHED = re.compile(r"^(?P<kind>Verified|Trusted|Untrusted|Anonymous) TLS connection established to " + RE_HOSTADDR)
RE_TLSA_OK = re.compile(r"^dns_query: (?P<name>\S+) \(TLSA\): OK")
RE_ADDR_ONE = re.compile(r"^addr_one: host (?P<host>\S+)")


def worst(verdicts):
    vs = [v for v in verdicts if v != "no-mail"]
    if not vs:
        return "no-mail" if verdicts else "deferred"
    return min(vs, key=ORDER.index)


def dig(name, rtype):
    """Answer RDATA strings of NAME/TYPE, [] for NXDOMAIN/NODATA, None when the lookup failed (SERVFAIL...)."""
    p = subprocess.run(["dig", "+noall", "+comments", "+answer", "+time=5", "+tries=2", f"@{RESOLVER}", name, rtype],
                       capture_output=True, text=True, timeout=30)
    m = re.search(r"status: (\w+)", p.stdout)
    if p.returncode != 0 or not m or m[1] not in ("NOERROR", "NXDOMAIN"):
        return None
    out = []
    for line in p.stdout.splitlines():
        f = line.split()
        if line.startswith(";") or len(f) < 5 or f[3] != rtype:
            continue
        out.append(" ".join(f[4:]))
    return out


def mx_hosts(domain):
    """MX hosts by preference; the domain itself when it has no MX; [] for null MX or a failed lookup."""
    rrs = dig(domain, "MX")
    if rrs is None:
        return []
    mx = []
    for rr in rrs:
        f = rr.split()
        if len(f) == 2 and f[0].isdigit():
            mx.append((int(f[0]), f[1]))
    if not mx:
        return [domain]
    if len(mx) == 1 and mx[0][1] == ".":
        return []
    return [h for _, h in sorted(mx)]


def addresses(host):
    rrs = dig(host, "A") or []
    return [r for r in rrs if re.fullmatch(r"[0-9.]+", r)]


def run_finger(target):
    """One posttls-finger run; returns (verdict, sessions, log lines)."""
    env = dict(os.environ, MAIL_CONFIG=os.environ.get("DANEKIT_PEER_CONFIG", "/var/lib/danekit-testbed/peer"))
    try:
        p = subprocess.run(["posttls-finger", "-v", "-l", "dane", "-t", "10", "-T", "10", target],
                           capture_output=True, text=True, timeout=90, env=env)
        out = p.stdout + p.stderr
    except subprocess.TimeoutExpired as e:
        out = ((e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or ""))
        out += "\n" + PREFIX + "peer: posttls-finger timed out after 90 s"
    lines = [ln[len(PREFIX):] if ln.startswith(PREFIX) else ln for ln in out.splitlines()]
    return classify(lines), lines


def classify(lines):
    """Maps one run's log to sessions: [{'host','address','verdict','evidence'}]."""
    sessions = []
    tlsa_found = False          # a secure TLSA RRset was returned for the host being tried
    unusable = False
    cur = None
    starttls_offered = False
    for ln in lines:
        if "does not accept mail (nullMX)" in ln:
            return [{"host": None, "address": None, "verdict": "no-mail", "evidence": ln}]
        m = RE_ADDR_ONE.match(ln)
        if m:
            tlsa_found, unusable = False, False
            continue
        if RE_TLSA_OK.match(ln):
            tlsa_found = True
            continue
        if "all TLSA records unusable, fallback to unauthenticated TLS" in ln:
            unusable = True
            continue
        m = RE_CONNECTED.match(ln)
        if m:
            if cur:
                sessions.append(finish(cur, starttls_offered, tlsa_found))
            cur = {"host": m["host"], "address": m["addr"], "verdict": None, "evidence": ln}
            starttls_offered = False
            continue
        if cur and re.match(r"^< 250[- ]STARTTLS\b", ln):
            starttls_offered = True
            continue
        m = RE_ESTABLISHED.match(ln)
        if m:
            kind = m["kind"]
            if cur is None or cur["address"] != m["addr"]:
                cur = {"host": m["host"], "address": m["addr"]}
            if kind == "Verified":
                v = "authenticated"
            elif kind == "Trusted":
                v = "authenticated-insecure-mx"
            elif unusable:
                v = "encrypted-unauthenticated"
            elif tlsa_found:
                v = "dane-fail"
            else:
                v = "opportunistic"
            cur.update(verdict=v, evidence=ln)
            sessions.append(cur)
            cur = None
            continue
        if ("Destination address lookup failed" in ln or "TLSA lookup error" in ln
                or "Failed to establish session" in ln):
            sessions.append({"host": None, "address": None, "verdict": "deferred", "evidence": ln})
    if cur:
        sessions.append(finish(cur, starttls_offered, tlsa_found))
    if not sessions:
        tail = next((ln for ln in reversed(lines) if ln.strip()), "no output")
        sessions.append({"host": None, "address": None, "verdict": "deferred", "evidence": tail})
    return sessions


def finish(cur, starttls_offered, tlsa_found):
    """A session that connected but never established TLS."""
    if not starttls_offered:
        cur["verdict"] = "dane-fail" if tlsa_found else "no-tls"
        cur["evidence"] = f"{cur['host']}[{cur['address']}]:25 offered no STARTTLS" + \
            (" although a secure TLSA RRset exists" if tlsa_found else "")
    else:
        cur["verdict"] = "deferred"
        cur["evidence"] = f"{cur['host']}[{cur['address']}]:25: STARTTLS offered but no TLS session completed"
    return cur


def peer(domain):
    domain = domain.rstrip(".")
    runs = []

    def record(target, sessions, log):
        for s in sessions:
            runs.append({"target": target, "verdict": s["verdict"],
                         "host": (s["host"] + ".") if s.get("host") else None, "address": s.get("address"),
                         "evidence": s["evidence"],
                         "log": [ln for ln in log if not ln.startswith(("name_mask:", "dict_", "ctable_",
                                                                         "vstream_", "match_", "inet_addr_"))][-60:]})

    sessions, log = run_finger(domain)
    record(domain + ".", sessions, log)
    for host in mx_hosts(domain):
        want = set(addresses(host))
        seen = set()
        for _ in range(MAX_REPEATS):
            target = f"[{host.rstrip('.')}]"
            sessions, log = run_finger(target)
            record(target, sessions, log)
            seen |= {s["address"] for s in sessions if s.get("address")}
            if not want or want <= seen or all(s["address"] is None for s in sessions):
                break
    return {"domain": domain + ".", "verdict": worst([r["verdict"] for r in runs]), "runs": runs}


def main(argv):
    as_json = "--json" in argv
    args = [a for a in argv if a != "--json"]
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: testbed/peer [--json] DOMAIN", file=sys.stderr)
        return 64
    if not re.fullmatch(r"[A-Za-z0-9._-]{1,253}", args[0]):
        print(f"peer: not a domain name: {args[0]!r}", file=sys.stderr)
        return 64
    try:
        result = peer(args[0])
    except (OSError, subprocess.SubprocessError) as e:
        print(f"peer: {e}", file=sys.stderr)
        return 2
    if as_json:
        json.dump(result, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        print(f"{result['domain']} {result['verdict']}")
        for r in result["runs"]:
            where = f"{r['host'] or '-'} {r['address'] or '-'}"
            print(f"  {r['target']:<45} {where:<50} {r['verdict']:<26} {r['evidence'][:160]}")
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `testbed/peer X | head` ends quietly
    sys.exit(main(sys.argv[1:]))
