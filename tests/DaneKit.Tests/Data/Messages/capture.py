#!/usr/bin/env python3
"""Captures raw DNS responses from the running testbed into this directory.

Run inside the testbed's network namespace (as root), from the repository root:

    testbed/exec python3 tests/DaneKit.Tests/Data/Messages/capture.py

Writes one <id>.hex file per response (the wire octets in lowercase hex, 64 octets a line) and
index.tsv (id, transport, server, query, flags, what the response is). The unit tests read only the
committed files, so they run without the testbed. Signatures in the testbed expire 30 days after
testbed/up: the captured bytes stay valid as parser vectors, not as validator vectors with a real clock.
Standard library only (no dnspython in the namespace).
"""

import os
import random
import socket
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

UNBOUND = "127.53.53.53"
SCENARIOS = "127.53.2.1"
TLD = "127.53.1.1"
ROOT = "127.53.0.1"

# id, server, qname, qtype, options, description.
# options: rd (recursion desired), do (DNSSEC OK), cd, ad, tcp (force TCP), bufsize=N (EDNS payload size).
CAPTURES = [
    # Unbound (validating resolver)
    ("unbound-tlsa-secure", UNBOUND, "_25._tcp.mx.dane-ee-311.example.", "TLSA", "rd do ad",
     "secure TLSA answer with RRSIG, AD set"),
    ("unbound-tlsa-secure-alg8", UNBOUND, "_25._tcp.mx.alg-8.example.", "TLSA", "rd do ad",
     "secure TLSA answer, RSA/SHA-256 RRSIG"),
    ("unbound-mx-secure", UNBOUND, "dane-ee-311.example.", "MX", "rd do ad", "secure MX answer with RRSIG"),
    ("unbound-tlsa-bogus-ede6", UNBOUND, "_25._tcp.mx.bogus-tlsa-signature.example.", "TLSA", "rd do",
     "SERVFAIL, EDE 6 DNSSEC Bogus"),
    ("unbound-tlsa-bogus-cd", UNBOUND, "_25._tcp.mx.bogus-tlsa-signature.example.", "TLSA", "rd do cd",
     "bogus TLSA fetched with CD: NOERROR without AD"),
    ("unbound-mx-expired-ede7", UNBOUND, "expired-rrsig.example.", "MX", "rd do",
     "SERVFAIL, EDE 7 Signature Expired"),
    ("unbound-mx-dsmismatch-ede9", UNBOUND, "ds-digest-mismatch.example.", "MX", "rd do",
     "SERVFAIL, EDE 9 DNSKEY Missing"),
    ("unbound-tlsa-indeterminate", UNBOUND, "_25._tcp.mx.tlsa-servfail.example.", "TLSA", "rd do",
     "SERVFAIL for a TLSA lookup whose server fails"),
    ("unbound-nxdomain-ad", UNBOUND, "nonexistent.dane-ee-311.example.", "A", "rd do ad",
     "NXDOMAIN with AD and NSEC proof"),
    ("unbound-nodata-ad", UNBOUND, "mx.dane-ee-311.example.", "TXT", "rd do ad",
     "NOERROR NODATA with AD and NSEC proof"),
    ("unbound-tlsa-insecure", UNBOUND, "_25._tcp.mx.unsigned-zone-tlsa.example.", "TLSA", "rd do ad",
     "insecure TLSA answer (unsigned zone), no AD"),
    ("unbound-mx-insecure-island", UNBOUND, "missing-ds-island.example.", "MX", "rd do ad",
     "insecure answer from a signed zone without DS"),
    ("unbound-a-nodo", UNBOUND, "mx.dane-ee-311.example.", "A", "rd", "plain A answer without DO"),
    ("unbound-mx-cname", UNBOUND, "mx.mx-cname-target-tlsa.example.", "A", "rd do ad",
     "CNAME chain answer with RRSIGs"),
    ("unbound-null-mx", UNBOUND, "null-mx.example.", "MX", "rd do ad", "null MX (RFC 7505) answer"),
    # NSD authoritative: root
    ("root-dnskey", ROOT, ".", "DNSKEY", "do bufsize=4096", "root DNSKEY RRset with RRSIG"),
    ("root-dnskey-tcp", ROOT, ".", "DNSKEY", "do tcp", "root DNSKEY RRset over TCP"),
    ("root-referral-example", ROOT, "_25._tcp.mx.dane-ee-311.example.", "TLSA", "do",
     "referral from the root to example. with DS and glue"),
    ("root-nxdomain-nsec", ROOT, "nosuchtld.", "A", "do", "NXDOMAIN from the root with NSEC proof"),
    ("root-soa", ROOT, ".", "SOA", "do", "root SOA with RRSIG"),
    # NSD authoritative: example. TLD
    ("tld-referral-signed", TLD, "_25._tcp.mx.dane-ee-311.example.", "TLSA", "do",
     "referral to dane-ee-311.example. with DS, RRSIG and glue"),
    ("tld-referral-unsigned", TLD, "_25._tcp.mx.unsigned-zone-tlsa.example.", "TLSA", "do",
     "referral to an unsigned zone: NS, NSEC proof of no DS, glue"),
    ("tld-ds-answer", TLD, "dane-ee-311.example.", "DS", "do", "DS RRset answer with RRSIG"),
    ("tld-dnskey", TLD, "example.", "DNSKEY", "do", "example. DNSKEY RRset"),
    ("tld-nxdomain-nsec", TLD, "no-such-zone.example.", "A", "do", "NXDOMAIN with NSEC proof from example."),
    ("tld-any", TLD, "example.", "ANY", "do tcp", "ANY at example. over TCP (large)"),
    # NSD authoritative: scenario zones
    ("auth-tlsa-secure", SCENARIOS, "_25._tcp.mx.dane-ee-311.example.", "TLSA", "do",
     "authoritative TLSA answer with RRSIG"),
    ("auth-nodata-nsec", SCENARIOS, "mx.dane-ee-311.example.", "TLSA", "do", "NODATA with NSEC proof"),
    ("auth-nxdomain-nsec", SCENARIOS, "nonexistent.dane-ee-311.example.", "A", "do", "NXDOMAIN with NSEC proofs"),
    ("auth-nsec3-nxdomain", SCENARIOS, "foo.nsec3-optout.example.", "A", "do", "NXDOMAIN with NSEC3 opt-out proofs"),
    ("auth-nsec3-nodata", SCENARIOS, "mx.nsec3-optout.example.", "AAAA", "do", "NODATA with NSEC3 proof"),
    ("auth-nsec3-tlsa", SCENARIOS, "_25._tcp.mx.nsec3-optout.example.", "TLSA", "do", "TLSA answer in an NSEC3 zone"),
    ("auth-nsec3-dnskey", SCENARIOS, "nsec3-optout.example.", "DNSKEY", "do", "DNSKEY in an NSEC3 zone"),
    ("auth-nsec3param", SCENARIOS, "nsec3-optout.example.", "NSEC3PARAM", "do", "NSEC3PARAM answer"),
    ("auth-dnskey-alg8", SCENARIOS, "alg-8.example.", "DNSKEY", "do", "DNSKEY RRset, algorithm 8 (RSA/SHA-256)"),
    ("auth-dnskey-alg13", SCENARIOS, "dane-ee-311.example.", "DNSKEY", "do", "DNSKEY RRset, algorithm 13 (P-256)"),
    ("auth-dnskey-alg14", SCENARIOS, "alg-14.example.", "DNSKEY", "do", "DNSKEY RRset, algorithm 14 (P-384)"),
    ("auth-dnskey-alg15", SCENARIOS, "alg-15.example.", "DNSKEY", "do", "DNSKEY RRset, algorithm 15 (Ed25519)"),
    ("auth-dnskey-alg16", SCENARIOS, "alg-16.example.", "DNSKEY", "do", "DNSKEY RRset, algorithm 16 (Ed448)"),
    ("auth-tlsa-alg8", SCENARIOS, "_25._tcp.mx.alg-8.example.", "TLSA", "do", "TLSA answer signed with RSA/SHA-256"),
    ("auth-nxdomain-alg8-tcp", SCENARIOS, "nonexistent.alg-8.example.", "A", "do tcp",
     "NXDOMAIN with RSA-signed NSEC proofs over TCP (over 1,000 octets)"),
    ("auth-dnskey-alg8-noedns-tc", SCENARIOS, "alg-8.example.", "DNSKEY", "",
     "DNSKEY without EDNS: over 512 octets, so TC set"),
    ("auth-mx-nodo", SCENARIOS, "dane-ee-311.example.", "MX", "", "MX answer without EDNS"),
    ("auth-soa", SCENARIOS, "dane-ee-311.example.", "SOA", "do", "SOA answer with RRSIG"),
    ("auth-txt-any", SCENARIOS, "dane-ee-311.example.", "ANY", "do tcp", "ANY at a scenario apex over TCP"),
    ("auth-refused", SCENARIOS, "not-served.invalid.", "A", "do", "query for a zone the server does not serve"),
]

TYPES = {"A": 1, "NS": 2, "SOA": 6, "MX": 15, "TXT": 16, "AAAA": 28, "DS": 43, "DNSKEY": 48,
         "NSEC3PARAM": 51, "TLSA": 52, "ANY": 255}


def encode_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode("ascii")
    return out + b"\x00"


def build_query(qid, qname, qtype, opts):
    flags = 0
    if "rd" in opts:
        flags |= 0x0100
    if "ad" in opts:
        flags |= 0x0020
    if "cd" in opts:
        flags |= 0x0010
    bufsize = 1232
    for o in opts:
        if o.startswith("bufsize="):
            bufsize = int(o.split("=")[1])
    edns = "do" in opts or any(o.startswith("bufsize=") for o in opts)
    msg = struct.pack(">HHHHHH", qid, flags, 1, 0, 0, 1 if edns else 0)
    msg += encode_name(qname) + struct.pack(">HH", TYPES[qtype], 1)
    if edns:
        msg += b"\x00" + struct.pack(">HHBBHH", 41, bufsize, 0, 0, 0x8000 if "do" in opts else 0, 0)
    return msg


def recv_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise IOError("connection closed")
        data += chunk
    return data


def ask(server, query, tcp):
    if tcp:
        with socket.create_connection((server, 53), timeout=5) as s:
            s.sendall(struct.pack(">H", len(query)) + query)
            (n,) = struct.unpack(">H", recv_exact(s, 2))
            return recv_exact(s, n)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(10)
        s.sendto(query, (server, 53))
        while True:
            data, _ = s.recvfrom(65535)
            if data[:2] == query[:2]:
                return data


def flush_bogus():
    """Unbound answers a repeated bogus query from its bogus cache with a different EDE (6, "marked as
    invalid because of a previous validation failure"); flushing first captures the original reason."""
    conf = os.environ.get("DANEKIT_TESTBED_STATE", "/var/lib/danekit-testbed") + "/unbound/unbound.conf"
    subprocess.run(["unbound-control", "-c", conf, "flush_bogus"], check=False, capture_output=True)


def main():
    rng = random.Random(7672)
    only = set(sys.argv[1:])
    index = [("# id", "transport", "server", "query", "flags", "rcode", "octets", "what")]
    for cid, server, qname, qtype, options, what in CAPTURES:
        if only and cid not in only:
            continue
        opts = options.split()
        if server == UNBOUND and "SERVFAIL" in what:
            flush_bogus()
        tcp = "tcp" in opts
        query = build_query(rng.randrange(65536), qname, qtype, opts)
        try:
            wire = ask(server, query, tcp)
        except OSError as e:
            print(f"{cid}: {e}", file=sys.stderr)
            continue
        with open(os.path.join(HERE, cid + ".hex"), "w", encoding="ascii") as f:
            h = wire.hex()
            for i in range(0, len(h), 128):
                f.write(h[i:i + 128] + "\n")
        rcode = wire[3] & 0xF
        tc = " TC" if wire[2] & 0x02 else ""
        index.append((cid, "tcp" if tcp else "udp", server, f"{qname} {qtype}", options or "-",
                      f"{rcode}{tc}", str(len(wire)), what))
        print(f"{cid}: {len(wire)} octets, rcode {rcode}{tc}")
    if not only:
        with open(os.path.join(HERE, "index.tsv"), "w", encoding="utf-8") as f:
            for row in index:
                f.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main()
