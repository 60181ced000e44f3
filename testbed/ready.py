#!/usr/bin/python3
"""Waits until the testbed answers: every NSD instance, Unbound with a validated (AD) root SOA, knotd serving each of
its zones signed (a DNSKEY RRset) and Unbound validating the zone's SOA (AD), every smtpd
listener listening on port 25 (read from the kernel's socket table, without connecting), and nginx answering HTTPS
for its default server and with the configured status (200 policy, 301 redirect) for every MTA-STS server block.
Runs inside the namespace. Exit 0 when ready, 1 on timeout or on a wrong HTTPS answer."""
import json
import socket
import ssl
import struct
import sys
import time

DEADLINE = 180.0
SERVERS = {"root": "127.53.0.1", "tld": "127.53.1.1", "sld": "127.53.2.1", "scale": "127.53.3.1", "lame": "127.53.9.1"}


def query(server, name=".", qtype=6, do=True, timeout=1.0, rd=True):
    """One UDP query; returns (rcode, ad, answer count) or None. Minimal on purpose: readiness only."""
    qid = int(time.monotonic_ns() & 0xFFFF)
    qname = b"".join(bytes([len(p)]) + p.encode() for p in name.strip(".").split(".") if p) + b"\0"
    flags = 0x0120 if rd else 0x0020  # RD + AD: ask for the AD bit
    msg = struct.pack(">HHHHHH", qid, flags, 1, 0, 0, 1) + qname + struct.pack(">HH", qtype, 1)
    msg += b"\0" + struct.pack(">HHIH", 41, 1232, 0x8000 if do else 0, 0)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(timeout)
    try:
        s.sendto(msg, (server, 53))
        data, _ = s.recvfrom(4096)
    except OSError:
        return None
    finally:
        s.close()
    if len(data) < 12 or struct.unpack(">H", data[:2])[0] != qid:
        return None
    f = struct.unpack(">H", data[2:4])[0]
    return f & 0xF, bool(f & 0x0020), struct.unpack(">H", data[6:8])[0]


def listening(port=25):
    """IPv4 addresses with a socket in LISTEN state on PORT, from /proc/net/tcp of this namespace.
    Reading the kernel's table instead of connecting keeps Postfix from forking an smtpd per listener."""
    found = set()
    with open("/proc/net/tcp") as f:
        next(f)
        for line in f:
            local, state = line.split()[1], line.split()[3]
            hexaddr, hexport = local.split(":")
            if state == "0A" and int(hexport, 16) == port:
                found.add(socket.inet_ntoa(struct.pack("<I", int(hexaddr, 16))))
    return found


def https_status(address, name, path="/.well-known/mta-sts.txt", timeout=2.0):
    """The HTTP status nginx gives NAME (SNI and Host) for PATH, certificate not checked (readiness only); None when it
    does not answer yet."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((address, 443), timeout=timeout) as raw, \
                ctx.wrap_socket(raw, server_hostname=name) as s:
            s.sendall(f"HEAD {path} HTTP/1.1\r\nHost: {name}\r\nConnection: close\r\n\r\n".encode())
            head = s.recv(256).decode("latin-1")
    except (OSError, ssl.SSLError):
        return None
    parts = head.split(" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[0].startswith("HTTP/") and parts[1].isdigit() else None


def main():
    world = json.load(open(sys.argv[1]))
    deadline = time.monotonic() + DEADLINE
    for inst in world["nsd_instances"]:
        addr = SERVERS[inst]
        while query(addr, do=False) is None:
            if time.monotonic() > deadline:
                print(f"ready: nsd {inst} on {addr} does not answer", file=sys.stderr)
                return 1
            time.sleep(0.1)
    while True:
        r = query(world["resolver"], ".", 6)
        if r and r[0] == 0 and r[1]:
            break
        if time.monotonic() > deadline:
            print(f"ready: unbound does not answer '. SOA' with AD (last: {r})", file=sys.stderr)
            return 1
        time.sleep(0.2)
    knot = world.get("knot")
    for zone in (knot or {}).get("zones", []):
        # knotd signs while it loads the zone: wait for its DNSKEY RRset there before asking Unbound, which would
        # otherwise cache an unsigned or missing answer as bogus (val-bogus-ttl).
        while not ((r := query(knot["address"], zone, 48, rd=False)) and r[0] == 0 and r[2] > 0):
            if time.monotonic() > deadline:
                print(f"ready: knotd on {knot['address']} does not serve {zone} DNSKEY (last: {r}; log {knot['log']})",
                      file=sys.stderr)
                return 1
            time.sleep(0.05)
        while not ((r := query(world["resolver"], zone, 6)) and r[0] == 0 and r[1]):
            if time.monotonic() > deadline:
                print(f"ready: unbound does not validate {zone} SOA (AD) from knotd (last: {r})", file=sys.stderr)
                return 1
            time.sleep(0.2)
    addrs = {a for inst in world["postfix_instances"] for a in inst["listeners"]}
    while True:
        pending = sorted(addrs - listening())
        if not pending or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    if pending:
        print(f"ready: {len(pending)} smtpd listeners not accepting, e.g. {pending[:5]}", file=sys.stderr)
        return 1
    https, nginx = world["https"]["address"], world["nginx"]
    while (status := https_status(https, "readiness.invalid", "/")) is None:
        if time.monotonic() > deadline:
            print(f"ready: nginx does not answer HTTPS on {https}:443 (log: {nginx['error_log']})", file=sys.stderr)
            return 1
        time.sleep(0.1)
    wrong = [f"{site['name']}: {got} (expected {site['status']})" for site in nginx["sites"]
             if (got := https_status(https, site["name"])) != site["status"]]
    if status != 404:
        wrong.insert(0, f"the default server: {status} (expected 404)")
    if wrong:
        print(f"ready: nginx answers wrongly: {'; '.join(wrong)} (config {nginx['conf']}, log {nginx['error_log']})",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
