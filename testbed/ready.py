#!/usr/bin/python3
"""Waits until the testbed answers: every NSD instance, Unbound with a validated (AD) root SOA, and every
smtpd listener accepting TCP on port 25. Runs inside the namespace. Exit 0 when ready, 1 on timeout."""
import asyncio
import json
import socket
import struct
import sys
import time

DEADLINE = 180.0
SERVERS = {"root": "127.53.0.1", "tld": "127.53.1.1", "sld": "127.53.2.1", "scale": "127.53.3.1", "lame": "127.53.9.1"}


def query(server, name=".", qtype=6, do=True, timeout=1.0):
    """One UDP query; returns (rcode, ad) or None. Minimal on purpose: readiness only."""
    qid = int(time.monotonic_ns() & 0xFFFF)
    qname = b"".join(bytes([len(p)]) + p.encode() for p in name.strip(".").split(".") if p) + b"\0"
    flags = 0x0120  # RD + AD: ask for the AD bit
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
    return f & 0xF, bool(f & 0x0020)


async def tcp_ok(addr):
    try:
        r, w = await asyncio.wait_for(asyncio.open_connection(addr, 25), 2)
        w.close()
        return True
    except (OSError, asyncio.TimeoutError):
        return False


async def listeners_ready(addrs, deadline):
    pending = list(addrs)
    sem = asyncio.Semaphore(256)

    async def one(a):
        async with sem:
            return a if await tcp_ok(a) else None

    while pending and time.monotonic() < deadline:
        ok = set(x for x in await asyncio.gather(*(one(a) for a in pending)) if x)
        pending = [a for a in pending if a not in ok]
        if pending:
            await asyncio.sleep(0.2)
    return pending


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
    addrs = [a for inst in world["postfix_instances"] for a in inst["listeners"]]
    pending = asyncio.run(listeners_ready(addrs, deadline))
    if pending:
        print(f"ready: {len(pending)} smtpd listeners not accepting, e.g. {pending[:5]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
