#!/usr/bin/env python3
"""Source of testbed/scenarios.json: the scenario catalogue written as Python data, so that
shared shapes (one MX host, an EE record...) are spelled once. `testbed/scenarios.py > testbed/scenarios.json`
regenerates the JSON, which is what the generator and the tests read; a test checks the two agree."""
import json
import sys

EX = "example."
_next_ip = [0]


def ip():
    _next_ip[0] += 1
    return f"127.25.0.{_next_ip[0]}"


def host_expect(host, address, verdict, rfc8460=None):
    return {"host": host, "address": address, "verdict": verdict, "rfc8460": rfc8460}


def dns(name, rtype, status, ede=None):
    d = {"name": name, "type": rtype, "status": status}
    if ede is not None:
        d["ede"] = ede
    return d


def simple(sid, summary, setup, tlsa, verdict, rfc, tags, *, cert=None, host_verdict=None, rfc8460=None,
           zone=None, dns_checks=None, starttls=True, peer=None, extra_certs=None, extra_records=()):
    """One zone <sid>.example. with MX 10 mx.<sid>.example., one address, one listener."""
    domain = f"{sid}.{EX}"
    mx = f"mx.{domain}"
    addr = ip()
    certs = {"mx": cert or {"type": "self-signed", "names": [mx.rstrip(".")]}}
    certs.update(extra_certs or {})
    records = ["@ MX 10 mx", f"mx A {addr}"] + [f"_25._tcp.mx TLSA {t}" for t in tlsa] + list(extra_records)
    z = {"origin": domain, "records": records}
    z.update(zone or {})
    s = {
        "id": sid, "domain": domain, "summary": summary, "setup": setup, "tags": tags,
        "zones": [z], "certs": certs,
        "listeners": [{"address": addr, "hostname": mx.rstrip("."), "cert": "mx", "starttls": starttls}],
        "expect": {
            "verdict": verdict, "rfc": rfc,
            "hosts": [host_expect(mx, addr, host_verdict or verdict, rfc8460)],
            "dns": dns_checks if dns_checks is not None else [dns(domain, "MX", "secure"), dns(f"_25._tcp.{mx}", "TLSA", "secure")],
        },
    }
    if peer:
        s["expect"]["peer"] = peer
    return s

# Observed with Debian 12's Unbound 1.17.1 (see the scenarios below).
MISSING_DNSKEY_EDE = 9
BAD_NSEC3_EDE = 6     # "nameerror proof failed": Unbound 1.17 has no more specific code (12 NSEC Missing is not used)
FAKE_ALGORITHM, FAKE_ALGORITHM_NAME = 12, "ECC-GOST, which RFC 8624 says not to validate"
KEYTRAP_KEYS, KEYTRAP_SIGS = 64, 32
KEYTRAP_SUMMARY = "KeyTrap: 65 DNSKEYs share one key tag and the TLSA and MX RRsets carry 33 RRSIGs each"
KEYTRAP_RESULT = ("the fake keys sort before the real ZSK, so even mx A (one real RRSIG) needs 65 tries. Unbound "
                  "1.17.1 (Debian, CVE-2023-50387 fix) stops at its validation budget: 'too many RRSIG validations', "
                  "bogus with EDE 6; delv stops at the first key that is no curve point ('crypto failure').")
KEYTRAP_VERDICT, KEYTRAP_RFC, KEYTRAP_RFC8460 = "deferred", "RFC 7672 2.1.2", None
KEYTRAP_DNS = [dns("keytrap.example.", "MX", "bogus", ede=6), dns("mx.keytrap.example.", "A", "bogus", ede=6),
               dns("_25._tcp.mx.keytrap.example.", "TLSA", "bogus", ede=6)]


S = []

# --- DANE-EE ---------------------------------------------------------------------------------------------------
S.append(simple("dane-ee-311", "DANE-EE 3 1 1 on a self-signed certificate (ECDSA P-256 zone, algorithm 13)",
                "Signed zone (alg 13, NSEC). MX host with a self-signed certificate; TLSA 3 1 1 of its public key.",
                ["{tlsa 3 1 1 mx}"], "authenticated", "RFC 7672 3.1.1", ["dane-ee-311", "alg-13"]))
S.append(simple("dane-ee-301", "DANE-EE 3 0 1: SHA-256 of the whole certificate",
                "TLSA 3 0 1 of the served self-signed certificate.",
                ["{tlsa 3 0 1 mx}"], "authenticated", "RFC 7672 3.1.1", ["dane-ee-301"]))
S.append(simple("dane-ee-312", "DANE-EE 3 1 2: SHA-512 of the public key",
                "TLSA 3 1 2 of the served key.",
                ["{tlsa 3 1 2 mx}"], "authenticated", "RFC 7672 3.1.1", ["dane-ee-312"]))
S.append(simple("dane-ee-expired-cert", "DANE-EE 3 1 1 on an expired self-signed certificate still authenticates",
                "The served certificate expired a year ago; DANE-EE ignores validity dates.",
                ["{tlsa 3 1 1 mx}"], "authenticated", "RFC 7672 3.1.1", ["dane-ee-expired-cert"],
                cert={"type": "self-signed", "names": ["mx.dane-ee-expired-cert.example"], "expired": True}))

# --- DANE-TA ---------------------------------------------------------------------------------------------------
S.append(simple("dane-ta-211", "DANE-TA 2 1 1 pinned to the intermediate CA the server sends",
                "Leaf issued by the testbed intermediate CA; the server sends leaf + intermediate; TLSA 2 1 1 of the intermediate's key.",
                ["{tlsa 2 1 1 @ca-int}"], "authenticated", "RFC 7672 3.1.2", ["dane-ta-211-intermediate"],
                cert={"type": "ca-issued", "names": ["mx.dane-ta-211.example"]}))
S.append(simple("dane-ta-201-root-not-sent", "DANE-TA 2 0 1 of the root CA, which the server does not send",
                "Leaf issued by the intermediate; the server sends leaf + intermediate only; TLSA 2 0 1 is a digest of the root "
                "certificate, which the client therefore never sees.",
                ["{tlsa 2 0 1 @ca-root}"], "dane-fail", "RFC 7671 5.2.2", ["dane-ta-201-root-not-sent"],
                cert={"type": "ca-issued", "names": ["mx.dane-ta-201-root-not-sent.example"]},
                rfc8460="certificate-not-trusted"))
S.append(simple("dane-ta-200-full-anchor", "DANE-TA 2 0 0: the root CA published in full, not sent by the server",
                "TLSA 2 0 0 carries the whole root certificate; the server sends leaf + intermediate; the client verifies the "
                "intermediate's signature with the key from DNS.",
                ["{tlsa 2 0 0 @ca-root}"], "authenticated", "RFC 7671 5.2.2", ["dane-ta-200-full-anchor"],
                cert={"type": "ca-issued", "names": ["mx.dane-ta-200-full-anchor.example"]}))
S.append(simple("dane-ta-name-mismatch", "DANE-TA 2 1 1 matches, but the leaf names another host",
                "Leaf issued by the intermediate for other-host.example only; TLSA 2 1 1 of the intermediate.",
                ["{tlsa 2 1 1 @ca-int}"], "dane-fail", "RFC 7672 3.2.2", ["dane-ta-name-mismatch"],
                cert={"type": "ca-issued", "names": ["other-host.example"]}, rfc8460="certificate-host-mismatch"))

# --- Operational mistakes ----------------------------------------------------------------------------------------
S.append(simple("stale-tlsa", "Stale TLSA: the record is for the key before the last renewal",
                "TLSA 3 1 1 of an old key; the server now presents a new self-signed certificate with another key.",
                ["{tlsa 3 1 1 old}"], "dane-fail", "RFC 7672 3.1.1", ["stale-tlsa"],
                extra_certs={"old": {"type": "self-signed", "names": ["mx.stale-tlsa.example"]}},
                rfc8460="certificate-not-trusted"))
S.append(simple("tlsa-only-443", "TLSA published at _443._tcp but not at _25._tcp",
                "The MX host has TLSA at _443._tcp.mx (for HTTPS) and none at _25._tcp.mx.",
                [], "opportunistic", "RFC 7672 2.2.3", ["tlsa-only-443"],
                extra_records=["_443._tcp.mx TLSA {tlsa 3 1 1 mx}"]))
S.append(simple("tlsa-at-domain", "TLSA at _25._tcp.<domain> instead of _25._tcp.<MX host>",
                "TLSA 3 1 1 of the MX host's key published at _25._tcp.tlsa-at-domain.example.",
                [], "opportunistic", "RFC 7672 2.2.3", ["tlsa-at-domain"],
                extra_records=["_25._tcp TLSA {tlsa 3 1 1 mx}"]))
S.append(simple("rollover-pair", "Rollover-ready: TLSA 3 1 1 for the current key and for the next one",
                "Two 3 1 1 records: the served key, and a pre-published next key not yet in use.",
                ["{tlsa 3 1 1 mx}", "{tlsa 3 1 1 next}"], "authenticated", "RFC 7672 3.1.1", ["rollover-pair"],
                extra_certs={"next": {"type": "self-signed", "names": ["mx.rollover-pair.example"]}}))
S.append(simple("only-unusable-tlsa", "TLSA RRset with only unusable records",
                "PKIX-EE 1 1 1, PKIX-TA 0 0 1, a 3 1 1 whose digest is 31 bytes, private matching type 3 1 255 and "
                "unknown usage 4: none is usable for SMTP, so TLS is mandatory but unauthenticated.",
                ["{tlsa 1 1 1 mx}", "{tlsa 0 0 1 @ca-root}", "3 1 1 " + "ab" * 31, "3 1 255 " + "cd" * 32, "4 1 1 " + "ef" * 32],
                "encrypted-unauthenticated", "RFC 7672 2.2", ["only-unusable-tlsa"], rfc8460="tlsa-invalid"))
S.append(simple("no-starttls", "TLSA published, but the server does not offer STARTTLS",
                "Valid TLSA 3 1 1; smtpd runs with smtpd_tls_security_level=none.",
                ["{tlsa 3 1 1 mx}"], "dane-fail", "RFC 7672 2.2.3", ["no-starttls"], starttls=False,
                rfc8460="starttls-not-supported"))

# --- DNSSEC states -----------------------------------------------------------------------------------------------
S.append(simple("unsigned-zone-tlsa", "TLSA in an unsigned zone: invisible to DANE senders",
                "The zone is not signed and has no DS; MX, A and TLSA are all insecure.",
                ["{tlsa 3 1 1 mx}"], "opportunistic", "RFC 7672 2.2", ["unsigned-zone-tlsa"],
                zone={"signed": False},
                dns_checks=[dns("unsigned-zone-tlsa.example.", "MX", "insecure"),
                            dns("_25._tcp.mx.unsigned-zone-tlsa.example.", "TLSA", "insecure")]))
S.append(simple("missing-ds-island", "Signed zone without a DS in the parent (island of security)",
                "The zone is signed, but example. has no DS for it: provably insecure.",
                ["{tlsa 3 1 1 mx}"], "opportunistic", "RFC 7672 2.2", ["missing-ds-island"],
                zone={"ds": "none"},
                dns_checks=[dns("missing-ds-island.example.", "MX", "insecure"),
                            dns("_25._tcp.mx.missing-ds-island.example.", "TLSA", "insecure")]))
S.append(simple("bogus-tlsa-signature", "The TLSA RRset's RRSIG is corrupt",
                "The zone is signed normally, then one byte of the TLSA RRSIG's signature is changed.",
                ["{tlsa 3 1 1 mx}"], "deferred", "RFC 7672 2.1.2", ["bogus-tlsa-signature", "bad-signature"],
                zone={"corrupt": ["_25._tcp.mx TLSA"]}, rfc8460="dnssec-invalid",
                dns_checks=[dns("bogus-tlsa-signature.example.", "MX", "secure"),
                            dns("mx.bogus-tlsa-signature.example.", "A", "secure"),
                            dns("_25._tcp.mx.bogus-tlsa-signature.example.", "TLSA", "bogus", ede=6)]))
S.append(simple("expired-rrsig", "Every RRSIG in the zone has expired",
                "The zone was signed with a validity window that ended 10 days ago (the operator stopped re-signing).",
                ["{tlsa 3 1 1 mx}"], "deferred", "RFC 7672 2.1.2", ["expired-rrsig", "sig-expired"],
                zone={"validity": "expired"},
                dns_checks=[dns("expired-rrsig.example.", "MX", "bogus", ede=7)]))
S.append(simple("ds-digest-mismatch", "The DS in the parent matches no DNSKEY of the zone",
                "example. publishes a DS for the zone whose digest is wrong (one byte changed).",
                ["{tlsa 3 1 1 mx}"], "deferred", "RFC 7672 2.1.2", ["ds-digest-mismatch", "ds-mismatch"],
                zone={"ds": "mismatch"},
                dns_checks=[dns("ds-digest-mismatch.example.", "MX", "bogus", ede=9)]))
S.append(simple("nsec3-optout", "Zone signed with NSEC3 and opt-out",
                "NSEC3 (SHA-1, 0 iterations, no salt) with the opt-out flag on every NSEC3 record; DANE-EE 3 1 1.",
                ["{tlsa 3 1 1 mx}"], "authenticated", "RFC 7672 3.1.1", ["nsec3-optout"],
                zone={"denial": "nsec3-optout"},
                dns_checks=[dns("nsec3-optout.example.", "MX", "secure"),
                            dns("_25._tcp.mx.nsec3-optout.example.", "TLSA", "secure"),
                            dns("mx.nsec3-optout.example.", "AAAA", "secure")]))
for alg, name in ((8, "RSASHA256"), (14, "ECDSAP384SHA384"), (15, "ED25519"), (16, "ED448")):
    S.append(simple(f"alg-{alg}", f"Zone signed with DNSSEC algorithm {alg} ({name})",
                    f"Every zone key of this zone is algorithm {alg}; DANE-EE 3 1 1.",
                    ["{tlsa 3 1 1 mx}"], "authenticated", "RFC 7672 3.1.1", [f"alg-{alg}"],
                    zone={"algorithm": alg}))

# --- DNSSEC failure kinds (one per validator failure; statuses and EDE codes as Debian 12's Unbound 1.17.1 gives them)
S.append(simple("sig-not-yet-valid", "Every RRSIG in the zone is not yet valid (inception 10 days ahead)",
                "The zone was signed with a validity window that starts in 10 days (a signer with its clock ahead).",
                ["{tlsa 3 1 1 mx}"], "deferred", "RFC 7672 2.1.2", ["sig-not-yet-valid"],
                zone={"validity": "future"},
                dns_checks=[dns("sig-not-yet-valid.example.", "MX", "bogus", ede=8),
                            dns("_25._tcp.mx.sig-not-yet-valid.example.", "TLSA", "bogus", ede=8)]))
S.append(simple("missing-dnskey", "The data is signed by a ZSK that is not in the zone's DNSKEY RRset",
                "The DNSKEY RRset holds only the KSK (validly signed, matching the DS); every other RRset is signed "
                "by a ZSK whose DNSKEY was never published.",
                ["{tlsa 3 1 1 mx}"], "deferred", "RFC 7672 2.1.2", ["missing-dnskey"],
                zone={"drop_zsk": True},
                dns_checks=[dns("missing-dnskey.example.", "DNSKEY", "secure"),
                            dns("missing-dnskey.example.", "MX", "bogus", ede=MISSING_DNSKEY_EDE),
                            dns("_25._tcp.mx.missing-dnskey.example.", "TLSA", "bogus", ede=MISSING_DNSKEY_EDE)]))
S.append(simple("bad-nsec3-proof", "The NSEC3 proof that the MX host has no TLSA is incomplete",
                "NSEC3 zone (0 iterations) without TLSA; after signing, the NSEC3 record covering the next closer name "
                "of _25._tcp.mx (that is _tcp.mx) was deleted, so the NXDOMAIN for the TLSA query cannot be proven.",
                [], "deferred", "RFC 7672 2.1.2", ["bad-nsec3-proof"], rfc8460="dnssec-invalid",
                zone={"denial": "nsec3", "break_nsec3_for": ["_25._tcp.mx"]},
                dns_checks=[dns("bad-nsec3-proof.example.", "MX", "secure"),
                            dns("mx.bad-nsec3-proof.example.", "A", "secure"),
                            dns("_25._tcp.mx.bad-nsec3-proof.example.", "TLSA", "bogus", ede=BAD_NSEC3_EDE)]))
S.append(simple("nsec3-iterations-200", "NSEC3 with 200 iterations: the TLSA denial is above the resolver's limit",
                "NSEC3 zone with 200 hash iterations (Unbound 1.17 val-nsec3-keysize-iterations: 150) and no TLSA. "
                "Positive answers stay secure; the NXDOMAIN for the TLSA query and the NODATA for mx AAAA are treated as "
                "insecure (RFC 9276 3.2; Unbound 1.17 adds no EDE and has no second, bogus limit: 2500 iterations "
                "gave the same), so mail is opportunistic.",
                [], "opportunistic", "RFC 7672 2.2", ["nsec3-iterations-over-limit"],
                zone={"denial": "nsec3", "nsec3_iterations": 200},
                dns_checks=[dns("nsec3-iterations-200.example.", "MX", "secure"),
                            dns("mx.nsec3-iterations-200.example.", "A", "secure"),
                            dns("_25._tcp.mx.nsec3-iterations-200.example.", "TLSA", "insecure"),
                            dns("mx.nsec3-iterations-200.example.", "AAAA", "insecure")]))
S.append(simple("unsupported-algorithm", "The zone's only DS and DNSKEY algorithm is one the validator does not implement",
                f"Signed with algorithm 13, then every DNSKEY, RRSIG and the parent's DS rewritten to algorithm "
                f"{FAKE_ALGORITHM} ({FAKE_ALGORITHM_NAME}). With no supported algorithm in the DS RRset the zone is "
                "Insecure (RFC 4035 5.2, RFC 6840 5.2): the TLSA is ignored and mail is opportunistic.",
                ["{tlsa 3 1 1 mx}"], "opportunistic", "RFC 7672 2.2", ["unsupported-algorithm"],
                zone={"fake_algorithm": FAKE_ALGORITHM},
                dns_checks=[dns("unsupported-algorithm.example.", "DS", "secure"),
                            dns("unsupported-algorithm.example.", "MX", "insecure"),
                            dns("_25._tcp.mx.unsupported-algorithm.example.", "TLSA", "insecure")]))
S.append(simple("keytrap", KEYTRAP_SUMMARY,
                f"{KEYTRAP_KEYS} extra DNSKEYs (flags 256, algorithm 13, random bytes) share the ZSK's key tag and are in "
                f"the KSK-signed DNSKEY RRset; the TLSA and MX RRsets each carry {KEYTRAP_SIGS} bogus RRSIGs with that key "
                "tag before the real one. A naive validator tries every key with every signature (KeyTrap, "
                "CVE-2023-50387); " + KEYTRAP_RESULT,
                ["{tlsa 3 1 1 mx}"], KEYTRAP_VERDICT, KEYTRAP_RFC, ["keytrap"], rfc8460=KEYTRAP_RFC8460,
                zone={"keytrap": {"keys": KEYTRAP_KEYS, "sigs": KEYTRAP_SIGS, "rrsets": ["_25._tcp.mx TLSA", "@ MX"]}},
                dns_checks=[dns("keytrap.example.", "DNSKEY", "secure"), *KEYTRAP_DNS]))

# TLSA lookup SERVFAIL: _tcp.mx is a signed delegation to a server that answers REFUSED.
s = simple("tlsa-servfail", "The TLSA lookup fails with SERVFAIL",
           "_tcp.mx.tlsa-servfail.example. is a signed delegation (DS present) to a lame server that answers REFUSED, "
           "so the TLSA query cannot be answered; MX and A are secure.",
           [], "deferred", "RFC 7672 2.1.2", ["tlsa-servfail"], rfc8460="dnssec-invalid",
           dns_checks=[dns("tlsa-servfail.example.", "MX", "secure"),
                       dns("mx.tlsa-servfail.example.", "A", "secure"),
                       dns("_25._tcp.mx.tlsa-servfail.example.", "TLSA", "indeterminate")])
s["zones"].append({"origin": "_tcp.mx.tlsa-servfail.example.", "server": "lame",
                   "records": ["_25 TLSA {tlsa 3 1 1 mx}"]})
S.append(s)

# --- MX shapes ---------------------------------------------------------------------------------------------------
def multi(sid, summary, setup, verdict, rfc, tags, hosts, records, certs, dns_checks, peer=None, zones_extra=()):
    domain = f"{sid}.{EX}"
    s = {"id": sid, "domain": domain, "summary": summary, "setup": setup, "tags": tags,
         "zones": [{"origin": domain, "records": records}] + list(zones_extra), "certs": certs,
         "listeners": [{"address": a, "hostname": h.rstrip("."), "cert": c, "starttls": True} for h, a, c, _, _ in hosts],
         "expect": {"verdict": verdict, "rfc": rfc,
                    "hosts": [host_expect(h, a, v, r) for h, a, c, v, r in hosts], "dns": dns_checks}}
    if peer:
        s["expect"]["peer"] = peer
    return s


a1, a2 = ip(), ip()
S.append(multi("two-mx-one-bad", "Two MX hosts: the preferred one is good, the backup has a stale TLSA",
               "mx1 (preference 10) matches its TLSA 3 1 1; mx2 (preference 20) presents a key that its TLSA does not match.",
               "dane-fail", "RFC 7672 3.1.1", ["two-mx-one-bad", "mixed-hosts"],
               [("mx1.two-mx-one-bad.example.", a1, "mx1", "authenticated", None),
                ("mx2.two-mx-one-bad.example.", a2, "mx2", "dane-fail", "certificate-not-trusted")],
               ["@ MX 10 mx1", "@ MX 20 mx2", f"mx1 A {a1}", f"mx2 A {a2}",
                "_25._tcp.mx1 TLSA {tlsa 3 1 1 mx1}", "_25._tcp.mx2 TLSA {tlsa 3 1 1 mx2-old}"],
               {"mx1": {"type": "self-signed", "names": ["mx1.two-mx-one-bad.example"]},
                "mx2": {"type": "self-signed", "names": ["mx2.two-mx-one-bad.example"]},
                "mx2-old": {"type": "self-signed", "names": ["mx2.two-mx-one-bad.example"]}},
               [dns("two-mx-one-bad.example.", "MX", "secure"), dns("_25._tcp.mx2.two-mx-one-bad.example.", "TLSA", "secure")]))

a1, a2 = ip(), ip()
S.append(multi("two-addresses-one-wrong-cert", "One MX host with two addresses; the second presents the wrong certificate",
               "mx has A records for two addresses; the listener on the second uses a certificate whose key is not in the TLSA RRset.",
               "dane-fail", "RFC 7672 3.1.1", ["two-addresses-one-wrong-cert", "mixed-addresses"],
               [("mx.two-addresses-one-wrong-cert.example.", a1, "mx", "authenticated", None),
                ("mx.two-addresses-one-wrong-cert.example.", a2, "wrong", "dane-fail", "certificate-not-trusted")],
               ["@ MX 10 mx", f"mx A {a1}", f"mx A {a2}", "_25._tcp.mx TLSA {tlsa 3 1 1 mx}"],
               {"mx": {"type": "self-signed", "names": ["mx.two-addresses-one-wrong-cert.example"]},
                "wrong": {"type": "self-signed", "names": ["mx.two-addresses-one-wrong-cert.example"]}},
               [dns("mx.two-addresses-one-wrong-cert.example.", "A", "secure")],
               peer={"verdict": "dane-fail",
                     "note": "posttls-finger shuffles the addresses and stops at the first session that completes, so "
                             "one run sees one address. testbed/peer repeats [host] runs (at most 16) until every address "
                             "was tried; a DANE sender may reach either address (dane-rules 19)."}))

a1, a2 = ip(), ip()
S.append(multi("mixed-tlsa-mx", "Two MX hosts; only the first publishes TLSA",
               "mx1 has a matching TLSA 3 1 1; mx2 has none (secure NXDOMAIN), so mail via mx2 is only opportunistic.",
               "opportunistic", "RFC 7672 2.2", ["mixed-tlsa-mx", "mixed-hosts"],
               [("mx1.mixed-tlsa-mx.example.", a1, "mx1", "authenticated", None),
                ("mx2.mixed-tlsa-mx.example.", a2, "mx2", "opportunistic", None)],
               ["@ MX 10 mx1", "@ MX 20 mx2", f"mx1 A {a1}", f"mx2 A {a2}", "_25._tcp.mx1 TLSA {tlsa 3 1 1 mx1}"],
               {"mx1": {"type": "self-signed", "names": ["mx1.mixed-tlsa-mx.example"]},
                "mx2": {"type": "self-signed", "names": ["mx2.mixed-tlsa-mx.example"]}},
               [dns("_25._tcp.mx2.mixed-tlsa-mx.example.", "TLSA", "secure")]))

a1 = ip()
S.append(multi("mx-cname-target-tlsa", "MX host is a CNAME; TLSA at the CNAME target",
               "mx CNAME host (same signed zone); TLSA 3 1 1 at _25._tcp.host, none at _25._tcp.mx. The TLSA base domain is host.",
               "authenticated", "RFC 7672 2.2.2", ["mx-cname-target-tlsa"],
               [("mx.mx-cname-target-tlsa.example.", a1, "host", "authenticated", None)],
               ["@ MX 10 mx", "mx CNAME host", f"host A {a1}", "_25._tcp.host TLSA {tlsa 3 1 1 host}"],
               {"host": {"type": "self-signed", "names": ["host.mx-cname-target-tlsa.example"]}},
               [dns("mx.mx-cname-target-tlsa.example.", "A", "secure"),
                dns("_25._tcp.host.mx-cname-target-tlsa.example.", "TLSA", "secure")]))

a1 = ip()
S.append(multi("mx-cname-original-tlsa", "MX host is a CNAME; TLSA only at the original MX name",
               "mx CNAME host (secure); no TLSA at _25._tcp.host (secure NXDOMAIN); TLSA 3 1 1 at _25._tcp.mx, which "
               "applies because the CNAME is secure. The TLSA base domain is mx.",
               "authenticated", "RFC 7672 2.2.2", ["mx-cname-original-tlsa"],
               [("mx.mx-cname-original-tlsa.example.", a1, "host", "authenticated", None)],
               ["@ MX 10 mx", "mx CNAME host", f"host A {a1}", "_25._tcp.mx TLSA {tlsa 3 1 1 host}"],
               {"host": {"type": "self-signed", "names": ["host.mx-cname-original-tlsa.example"]}},
               [dns("_25._tcp.host.mx-cname-original-tlsa.example.", "TLSA", "secure"),
                dns("_25._tcp.mx.mx-cname-original-tlsa.example.", "TLSA", "secure")]))

a1 = ip()
S.append(multi("implicit-mx", "No MX RRset: the domain itself is the mail host",
               "The domain has an A record and TLSA 3 1 1 at _25._tcp.implicit-mx.example., and no MX.",
               "authenticated", "RFC 7672 2.2.2", ["implicit-mx"],
               [("implicit-mx.example.", a1, "self", "authenticated", None)],
               [f"@ A {a1}", "_25._tcp TLSA {tlsa 3 1 1 self}"],
               {"self": {"type": "self-signed", "names": ["implicit-mx.example"]}},
               [dns("implicit-mx.example.", "MX", "secure"), dns("_25._tcp.implicit-mx.example.", "TLSA", "secure")]))

S.append(multi("null-mx", "Null MX: the domain accepts no mail",
               "MX 0 . (RFC 7505); nothing to probe.",
               "no-mail", "RFC 7505 3", ["null-mx"], [], ["@ MX 0 ."], {},
               [dns("null-mx.example.", "MX", "secure")]))

a1 = ip()
S.append(multi("insecure-mx-secure-tlsa", "Unsigned domain whose MX host lives in a signed zone with TLSA",
               "insecure-mx-secure-tlsa.example. is unsigned (insecure MX RRset); its MX host mx.signed-mx-host.example. "
               "is in a signed zone with a matching TLSA 3 1 1. DANE still applies, but the MX indirection is unauthenticated.",
               "authenticated-insecure-mx", "RFC 7672 2.2.1", ["insecure-mx"],
               [("mx.signed-mx-host.example.", a1, "mx", "authenticated-insecure-mx", None)],
               ["@ MX 10 mx.signed-mx-host.example."],
               {"mx": {"type": "self-signed", "names": ["mx.signed-mx-host.example"]}},
               [dns("insecure-mx-secure-tlsa.example.", "MX", "insecure"),
                dns("_25._tcp.mx.signed-mx-host.example.", "TLSA", "secure")],
               zones_extra=[{"origin": "signed-mx-host.example.",
                             "records": [f"mx A {a1}", "_25._tcp.mx TLSA {tlsa 3 1 1 mx}"]}]))
S[-1]["zones"][0]["signed"] = False

# --- Certificate shapes (added after the rest, so that every earlier scenario keeps its address) ------------------
S.append(simple("dane-ee-rsa", "DANE-EE 3 1 1 on an RSA-2048 self-signed certificate",
                "The MX host serves a self-signed RSA-2048 certificate (every other scenario certificate is ECDSA "
                "P-256); TLSA 3 1 1 of its public key.",
                ["{tlsa 3 1 1 mx}"], "authenticated", "RFC 7672 3.1.1", ["dane-ee-rsa"],
                cert={"type": "self-signed", "names": ["mx.dane-ee-rsa.example"], "key": "rsa2048"}))
S.append(simple("dane-ta-root-sent", "DANE-TA 2 1 1 of the root CA, which the server sends with the intermediate",
                "Leaf issued by the testbed intermediate CA; the server sends leaf + intermediate + self-signed root; "
                "TLSA 2 1 1 of the root's key, which the client finds at depth 2.",
                ["{tlsa 2 1 1 @ca-root}"], "authenticated", "RFC 7672 3.1.2", ["dane-ta-root-sent"],
                cert={"type": "ca-issued", "names": ["mx.dane-ta-root-sent.example"], "send_root": True}))

# --- MTA-STS (RFC 8461) and TLS-RPT (RFC 8460), beside DANE -------------------------------------------------------
# Each domain is like simple(): one MX host with STARTTLS, by default a certificate issued by the testbed CA for the MX
# name (WebPKI-valid against the testbed root, as MTA-STS needs: RFC 8461 4.2), and no TLSA, so the DANE verdict is
# opportunistic. mta_sts/tls_rpt are build data (testbed/gen.py: records in the zone, nginx at 127.53.4.1:443);
# expect.mta_sts is what a checker must report (testbed/CONTRACT.md).
STS_TXT = "v=STSv1; id=20261129T000000;"


def sts_policy(mode, *mx, eol="\r\n"):
    return eol.join(["version: STSv1", f"mode: {mode}", *[f"mx: {m}" for m in mx], "max_age: 86400"]) + eol


def sts_expect(txt, fetch, policy, mode, in_policy, mx_cert_webpki, dane_applies, outcome, tlsrpt, findings, host):
    return {"txt": txt, "fetch": fetch, "policy": policy, "mode": mode,
            "hosts": [{"host": host, "in_policy": in_policy, "mx_cert_webpki": mx_cert_webpki,
                       "dane_applies": dane_applies, "sts_outcome": outcome}],
            "tlsrpt": tlsrpt, "findings": findings}


def sts(sid, summary, setup, *, txt=(STS_TXT,), policy=None, https_cert="ca-issued", redirect=None, tls_rpt=None,
        mx_cert="ca-issued", tlsa=(), verdict="opportunistic", rfc="RFC 7672 2.2.3", expect_sts):
    domain = f"{sid}.{EX}"
    mx = f"mx.{domain}"
    s = simple(sid, summary, setup, list(tlsa), verdict, rfc, ["mta-sts", sid],
               cert={"type": mx_cert, "names": [mx.rstrip(".")]})
    s["mta_sts"] = {"txt": list(txt), "policy": policy, "https_cert": https_cert, "redirect": redirect}
    s["expect"]["dns"].append(dns(f"_mta-sts.{domain}", "TXT", "secure"))
    if tls_rpt is not None:
        s["tls_rpt"] = list(tls_rpt)
        s["expect"]["dns"].append(dns(f"_smtp._tls.{domain}", "TXT", "secure"))
    s["expect"]["mta_sts"] = expect_sts(mx)
    return s


S.append(sts("sts-enforce", "MTA-STS in enforce mode, the MX host listed and WebPKI-valid: delivers",
             "One _mta-sts TXT record (v=STSv1; id=20261129T000000;), the policy (mode enforce, mx: "
             "mx.sts-enforce.example) served over HTTPS with a testbed-CA certificate, the MX host's certificate issued by "
             "the testbed CA for its name, and a TLS-RPT record with a mailto: rua. RFC 8461 3.1 (exactly one TXT), 3.3 "
             "(valid HTTPS certificate, no redirect), 4.1 (the MX matches) and 4.2 (its certificate is WebPKI-valid for "
             "the MX name) all hold, so an MTA-STS sender delivers. No TLSA: DANE is opportunistic.",
             policy=sts_policy("enforce", "mx.sts-enforce.example"),
             tls_rpt=["v=TLSRPTv1; rua=mailto:tlsrpt@sts-enforce.example"],
             expect_sts=lambda mx: sts_expect("ok", "ok", "valid", "enforce", True, True, False, "delivers", "ok", [], mx)))
S.append(sts("sts-testing", "MTA-STS in testing mode, the MX certificate self-signed: a sender reports and delivers",
             "Policy mode testing with mx: *.sts-testing.example (the wildcard matches the MX host's one leftmost label, "
             "RFC 8461 4.1); the MX host serves a self-signed certificate, which fails MTA-STS validation (RFC 8461 4.2). "
             "In testing mode a sender reports the failure (TLS-RPT) and delivers anyway (RFC 8461 5). The TLS-RPT record's "
             "rua is an http: URI, which RFC 8460 3 does not allow (mailto: and https: only). No TLSA: DANE is opportunistic.",
             policy=sts_policy("testing", "*.sts-testing.example"), mx_cert="self-signed",
             tls_rpt=["v=TLSRPTv1; rua=http://reports.sts-testing.example/tlsrpt"],
             expect_sts=lambda mx: sts_expect("ok", "ok", "valid", "testing", True, False, False, "reports-and-delivers",
                                              "invalid", ["MTASTS-POLICY-TESTING", "MTASTS-MX-CERT-UNTRUSTED",
                                                          "TLSRPT-RUA-SCHEME"], mx)))
S.append(sts("sts-mx-not-listed", "MTA-STS enforce policy that does not list the domain's MX host: a sender refuses",
             "The policy (mode enforce) lists only "
             "mail.elsewhere.example; the MX host mx.sts-mx-not-listed.example matches no mx pattern, so an MTA-STS sender "
             "in enforce mode does not deliver to it (RFC 8461 4.1, 5.1), although its certificate is WebPKI-valid. "
             "No TLSA: DANE is opportunistic.",
             policy=sts_policy("enforce", "mail.elsewhere.example"),
             expect_sts=lambda mx: sts_expect("ok", "ok", "valid", "enforce", False, True, False, "refuses", "none",
                                              ["MTASTS-MX-NOT-IN-POLICY"], mx)))
S.append(sts("sts-bad-cert", "MTA-STS policy host with a self-signed HTTPS certificate: no policy",
             "One valid _mta-sts TXT record and an enforce policy listing the MX host, but mta-sts.sts-bad-cert.example "
             "serves a self-signed certificate. RFC 8461 3.3: the policy must be fetched over HTTPS with a valid "
             "certificate, so the fetch fails and a sender (without a cached policy) has none. No TLSA: DANE is "
             "opportunistic.",
             policy=sts_policy("enforce", "mx.sts-bad-cert.example"), https_cert="self-signed",
             expect_sts=lambda mx: sts_expect("ok", "certificate", "none", None, None, True, False, "no-policy", "none",
                                              ["MTASTS-FETCH-CERTIFICATE"], mx)))
S.append(sts("sts-redirect", "MTA-STS policy URL answers with a redirect: no policy",
             "One valid _mta-sts TXT record; https://mta-sts.sts-redirect.example/.well-known/mta-sts.txt answers 301 to "
             "https://mta-sts.sts-enforce.example/.well-known/mta-sts.txt (a valid policy, of another domain). RFC 8461 "
             "3.3: senders must not follow redirects, so the fetch fails and a sender has no policy. No TLSA: DANE is "
             "opportunistic.",
             redirect="https://mta-sts.sts-enforce.example/.well-known/mta-sts.txt",
             expect_sts=lambda mx: sts_expect("ok", "redirect", "none", None, None, True, False, "no-policy", "none",
                                              ["MTASTS-FETCH-REDIRECT"], mx)))
S.append(sts("sts-no-txt", "MTA-STS policy served, but no _mta-sts TXT record: no policy",
             "An enforce policy listing the MX host is served at mta-sts.sts-no-txt.example (valid certificate), but "
             "_mta-sts.sts-no-txt.example has no TXT record (secure NXDOMAIN). RFC 8461 3.1: without exactly one "
             "v=STSv1 TXT record a sender assumes there is no policy and never fetches one. No TLSA: DANE is opportunistic.",
             txt=(), policy=sts_policy("enforce", "mx.sts-no-txt.example"),
             expect_sts=lambda mx: sts_expect("none", "not-fetched", "none", None, None, True, False, "no-policy", "none",
                                              ["MTASTS-TXT-NONE"], mx)))
S.append(sts("sts-two-txt", "Two _mta-sts TXT records: no policy",
             "_mta-sts.sts-two-txt.example has two records, v=STSv1; id=one; and v=STSv1; id=two;, and an enforce policy "
             "listing the MX host is served. RFC 8461 3.1: with more than one v=STSv1 record senders assume there is no "
             "policy, so none is fetched. No TLSA: DANE is opportunistic.",
             txt=("v=STSv1; id=one;", "v=STSv1; id=two;"), policy=sts_policy("enforce", "mx.sts-two-txt.example"),
             expect_sts=lambda mx: sts_expect("multiple", "not-fetched", "none", None, None, True, False, "no-policy",
                                              "none", ["MTASTS-TXT-MULTIPLE"], mx)))
S.append(sts("sts-dane-precedence", "DANE-EE and an MTA-STS enforce policy on one MX host: DANE takes precedence",
             "The MX host serves a self-signed certificate (not WebPKI-valid) that its TLSA 3 1 1 matches, and an enforce "
             "policy lists it. DANE authenticates it; MTA-STS validation alone would fail (RFC 8461 4.2) and an "
             "MTA-STS-only sender would refuse. RFC 8461 2: a sender doing both must not let MTA-STS override DANE; "
             "DaneKit treats DANE as taking precedence where a host has a usable secure TLSA RRset.",
             policy=sts_policy("enforce", "mx.sts-dane-precedence.example"), mx_cert="self-signed",
             tlsa=["{tlsa 3 1 1 mx}"], verdict="authenticated", rfc="RFC 7672 3.1.1",
             expect_sts=lambda mx: sts_expect("ok", "ok", "valid", "enforce", True, False, True, "dane-precedence", "none",
                                              ["MTASTS-DANE-PRECEDENCE", "MTASTS-MX-CERT-UNTRUSTED"], mx)))

# --- Hostile strings (the monitor renders attacker-controlled text as text) -----------------------------------------
HOSTILE_BANNER = 'mx.hostile-strings.example ESMTP <script>alert(1)</script> "><img src=x onerror=alert(2)>'
_hostile = simple("hostile-strings", "Hostile strings: markup in the SMTP banner and the certificate subject; DANE-EE 3 1 1 authenticates",
                  "The MX host greets with '" + HOSTILE_BANNER + "' and serves a self-signed certificate whose subject CN "
                  "and O are '<script>alert(3)</script>' (the subjectAltName is the host name). TLSA 3 1 1 of its key: "
                  "DANE-EE ignores names, so a sender authenticates it. Dashboards and reports must show these strings as "
                  "text and never run them.",
                  ["{tlsa 3 1 1 mx}"], "authenticated", "RFC 7672 3.1.1", ["hostile-strings"],
                  cert={"type": "self-signed", "names": ["mx.hostile-strings.example"],
                        "cn": "<script>alert(3)</script>", "o": "<script>alert(3)</script> Org"})
_hostile["listeners"][0]["banner"] = HOSTILE_BANNER
S.append(_hostile)

# --- Rollover (issue "Rollover: make certificate renewal safe for DANE") -------------------------------------------
# The one zone served by Knot DNS (testbed/gen.py server "knot"): knotd signs it itself and takes RFC 2136 updates
# signed with the testbed's TSIG key, so `danekit rollover publish` can add and remove TLSA records; testbed/rekey
# --key/--cert switches the listener to the next key. world.json "rollover" says where to send the updates. At start
# it is a plain DANE-EE 3 1 1 domain; the TLSA RRset and negative answers have a 30 s TTL so changes show up soon.
ROLLOVER_TLSA_TTL = 30
S.append(simple("rollover", "Rollover target: DANE-EE 3 1 1 in a Knot DNS zone that takes TSIG-signed dynamic updates",
                "The zone is served by Knot DNS at 127.53.5.1, signed by Knot itself (algorithm 13, NSEC, keys made "
                "with keymgr, manual policy, DS in example.), and accepts RFC 2136 updates signed with the testbed's "
                "TSIG key (hmac-sha256; world.json rollover). The MX host serves a self-signed certificate; TLSA 3 1 1 "
                f"of its current key only, TTL {ROLLOVER_TLSA_TTL} s (negative TTL {ROLLOVER_TLSA_TTL} s too). "
                "Tests that publish a next key or switch the certificate (testbed/rekey --key/--cert) must restore "
                "this state.",
                [], "authenticated", "RFC 7672 3.1.1", ["rollover", "dynamic-update"],
                zone={"server": "knot", "negative_ttl": ROLLOVER_TLSA_TTL},
                extra_records=[f"_25._tcp.mx {ROLLOVER_TLSA_TTL} TLSA {{tlsa 3 1 1 mx}}"]))

catalogue = {
    "version": 1,
    "comment": "Generated by testbed/scenarios.py; edit that file. Schema: testbed/CONTRACT.md.",
    "scenarios": S,
}
json.dump(catalogue, sys.stdout, indent=1)
sys.stdout.write("\n")
