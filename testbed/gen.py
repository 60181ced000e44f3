#!/usr/bin/python3
"""Builds the testbed world from testbed/scenarios.json: certificates, zones, DNSSEC keys and signatures,
and the configuration of every daemon. It only writes files under the state directory; testbed/up starts
the daemons. Uses Debian's python3-cryptography for certificates and ldns-keygen/ldns-signzone for DNSSEC.

Addresses (all in 127.0.0.0/8, inside the testbed's network namespace):
  127.53.0.1   root server (NSD)            127.53.1.1   example. TLD server (NSD)
  127.53.2.1   scenario zones (NSD)         127.53.3.1   generated scale zones (NSD)
  127.53.9.1   lame server: answers REFUSED for everything (NSD with no zones)
  127.53.53.53 Unbound, validating from the testbed root key
  127.53.4.1   HTTPS (nginx, port 443): the MTA-STS policy hosts mta-sts.<domain> of the scenarios
  127.53.5.1   Knot DNS (knotd): zones with server "knot", signed by Knot itself, dynamic updates (RFC 2136) with TSIG
  127.25.0.x   scenario mail hosts (Postfix smtpd)   127.26.x.y  generated scale mail hosts

Zone options (the "zones" entries of a scenario; defaults in brackets). Those marked * change the zone after
ldns-signzone has signed it, to make one DNSSEC failure:
  signed [true]            false: no keys, no DS (an unsigned zone)
  algorithm [13]           DNSSEC algorithm of both keys (8, 10, 13, 14, 15, 16)
  denial ["nsec"]          "nsec", "nsec3" (SHA-1, no salt) or "nsec3-optout"
  nsec3_iterations [0]     NSEC3 hash iterations (ldns-signzone -t; ldns refuses more than 65535). Needs nsec3 denial.
  ds ["ok"]                "none": no DS in the parent (island of security); "mismatch": DS digest off by one digit
  validity ["valid"]       RRSIG window: "valid" (1 day ago .. +30 days), "expired" (-40 .. -10 days),
                           "future" (+10 .. +40 days: not yet valid)
  corrupt [[]]           * "owner TYPE" RRsets whose RRSIG gets one signature byte flipped
  drop_zsk [false]         the ZSK signs the data but its DNSKEY is left out of the zone (ldns-signzone -d with only
                           the KSK's DNSKEY in the zone): the DNSKEY RRset is {KSK}, validly signed, and every other
                           RRSIG names a key that is not there
  break_nsec3_for [[]]   * names (relative to the origin) whose NSEC3 proof is cut: for a name that exists, its
                           matching NSEC3 (and RRSIG) is deleted (a NODATA proof fails); for a name that does not,
                           the NSEC3 covering its next closer name is deleted (the NXDOMAIN proof fails)
  fake_algorithm [null]  * N: after signing, every DNSKEY and RRSIG of the zone says algorithm N (key tags recomputed)
                           and the parent's DS is made from the rewritten KSK, so the only DS algorithm is N. With an
                           algorithm the validator does not implement this is Insecure (RFC 4035 5.2, RFC 6840 5.2)
  keytrap [null]         * {"keys": K, "sigs": S, "rrsets": ["owner TYPE", ...]}: K extra DNSKEYs (flags 256, the
                           zone's algorithm, random bytes after two zero bytes: no valid key, and first in canonical
                           order, before the real ZSK) whose key tag equals the ZSK's, put in the zone before signing
                           so the KSK-signed DNSKEY RRset holds them; after signing, S RRSIGs with random signature
                           bytes and that key tag are put before the real RRSIG of each RRset listed (default:
                           _25._tcp.mx TLSA and @ MX). A naive validator tries up to (K+1) x (S+1) verifications per RRset (KeyTrap, CVE-2023-50387).
  server ["sld"]           "lame": delegated to the lame server (answers REFUSED); "knot": served by knotd at
                           127.53.5.1, which signs the zone itself (automatic signing, policy "manual: on" so it never
                           generates or rolls keys; a KSK and a ZSK of the zone's algorithm are made here with keymgr
                           and the KSK's SHA-256 DS goes into the parent) and accepts RFC 2136 updates signed with the
                           testbed's TSIG key (hmac-sha256, made fresh by every build), re-signing after each. Only
                           signed, nsec denial, ds ok/none/mismatch and validity valid; none of the options marked *,
                           nor drop_zsk.
  negative_ttl [300]       the SOA MINIMUM field (negative-caching TTL, RFC 2308) of the zone

Certificate options (the "certs" entries of a scenario, by id; defaults in brackets):
  names                    the DNS names in the subjectAltName; the first is also the subject CN
  cn [names[0]]            the subject CN instead of the first name (any text, e.g. hostile markup for the monitor's tests)
  o [null]                 a subject O (organization) attribute

Listener options (the "listeners" entries of a scenario): address, hostname, cert (a certificate id), starttls [true],
and banner [null]: the SMTP greeting text after "220 " instead of "<hostname> ESMTP" (Postfix smtpd_banner; no braces,
'$' or line breaks).
  type ["self-signed"]     "self-signed", or "ca-issued": issued by the shared testbed intermediate CA (ECDSA P-256),
                           which the testbed root CA issued; the server sends leaf + intermediate
  key ["ec256"]            "ec256" (ECDSA P-256) or "rsa2048" (RSA 2048, exponent 65537)
  expired [false]          validity ended a year ago
  send_root [false]        ca-issued only: the server sends the root CA too (leaf + intermediate + root)

MTA-STS and TLS-RPT (optional scenario fields; the records go into the scenario's own zone, the one whose origin is
the scenario's domain, and are signed with it):
  mta_sts                  {"txt": [...], "policy": "..." | null, "https_cert": "ca-issued", "redirect": null}
    txt [[]]               strings published as TXT records at _mta-sts.<domain>, one record each (none, one or several)
    policy [null]          the policy file, served byte for byte (CRLF or LF as given) at
                           https://mta-sts.<domain>/.well-known/mta-sts.txt with Content-Type text/plain
    https_cert ["ca-issued"]  the HTTPS certificate of mta-sts.<domain>: "ca-issued" (leaf + intermediate of the shared
                           testbed CA, WebPKI-valid against the testbed root), "self-signed", or "wrong-name" (issued by
                           the testbed CA for www.<domain> only)
    redirect [null]        an absolute https:// URL: the policy URL answers 301 with this Location instead of the
                           policy (a policy and a redirect together are an error)
  tls_rpt [[]]             strings published as TXT records at _smtp._tls.<domain> (RFC 8460)
With mta_sts the zone also gets "mta-sts A 127.53.4.1". nginx has one server block (server_name mta-sts.<domain>,
certificate id "<scenario>/mta-sts") per scenario with a policy or a redirect; every other path there is 404. The
default server (any other name; certificate issued by the testbed CA for https-default.testbed.example) answers 404 to
everything. TXT strings longer than 255 bytes are split into several character-strings of one record.
"""
import argparse
import base64
import concurrent.futures
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

ROOT_NS, TLD_NS, SLD_NS, SCALE_NS, LAME_NS = "127.53.0.1", "127.53.1.1", "127.53.2.1", "127.53.3.1", "127.53.9.1"
KNOT_NS = "127.53.5.1"        # knotd: the zones with server "knot" (dynamic updates with TSIG)
KNOT_TSIG_NAME = "danekit-rollover"   # the TSIG key name (hmac-sha256) knotd accepts updates with
RESOLVER = "127.53.53.53"
HTTPS = "127.53.4.1"          # nginx, port 443: MTA-STS policy hosts
HTTPS_DEFAULT_NAME = "https-default.testbed.example"
TLD = "example."
LISTENERS_PER_POSTFIX = 3000  # each listener costs the master ~3 fds; root's hard nofile limit here is 20000
ALG_NAMES = {8: "RSASHA256", 10: "RSASHA512", 13: "ECDSAP256SHA256", 14: "ECDSAP384SHA384",
             15: "ED25519", 16: "ED448"}
TTL = 300
NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


class GenError(Exception):
    pass


# ---------------------------------------------------------------------------------------------------------------
# Certificates

def new_key(kind="ec256"):
    if kind == "ec256":
        return ec.generate_private_key(ec.SECP256R1())
    if kind == "rsa2048":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    raise GenError(f"unknown key kind {kind!r}")


def make_cert(subject_cn, names, key, issuer_cert=None, issuer_key=None, ca=False, path_len=None, expired=False, org=None):
    if expired:
        not_before, not_after = NOW - dt.timedelta(days=730), NOW - dt.timedelta(days=365)
    else:
        not_before, not_after = NOW - dt.timedelta(days=1), NOW + dt.timedelta(days=365 * (10 if ca else 1))
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, subject_cn)]
    if org is not None:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    subject = x509.Name(attributes)
    b = (x509.CertificateBuilder()
         .subject_name(subject)
         .issuer_name(issuer_cert.subject if issuer_cert else subject)
         .public_key(key.public_key())
         .serial_number(x509.random_serial_number())
         .not_valid_before(not_before)
         .not_valid_after(not_after)
         .add_extension(x509.BasicConstraints(ca=ca, path_length=path_len), critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    if ca:
        b = b.add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                          data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                          crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
    else:
        b = b.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
        b = b.add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    if issuer_cert is not None:
        b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
    return b.sign(issuer_key or key, hashes.SHA256())


def pem_key(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def pem_cert(cert):
    return cert.public_bytes(serialization.Encoding.PEM).decode()


class CertStore:
    """Certificates by id. Scenario certs are '<scenario>/<id>'; the shared testbed CA is '@ca-root', '@ca-int'."""

    def __init__(self, state):
        self.dir = os.path.join(state, "certs")
        os.makedirs(self.dir, exist_ok=True)
        self.certs = {}
        root_key = new_key()
        root = make_cert("DaneKit Testbed Root CA", [], root_key, ca=True, path_len=1)
        int_key = new_key()
        inter = make_cert("DaneKit Testbed Intermediate CA", [], int_key, root, root_key, ca=True, path_len=0)
        self.certs["@ca-root"] = (root_key, root, [root])
        self.certs["@ca-int"] = (int_key, inter, [inter, root])
        self._write("@ca-root")
        self._write("@ca-int")

    def add(self, cid, spec):
        kind = spec.get("key", "ec256")
        key = new_key(kind)
        names = spec["names"]
        typ = spec.get("type", "self-signed")
        cn, org = spec.get("cn", names[0]), spec.get("o")
        if typ == "self-signed":
            cert = make_cert(cn, names, key, expired=spec.get("expired", False), org=org)
            chain = [cert]
        elif typ == "ca-issued":
            int_key, inter, _ = self.certs["@ca-int"]
            cert = make_cert(cn, names, key, inter, int_key, expired=spec.get("expired", False), org=org)
            chain = [cert, inter]
            if spec.get("send_root", False):
                chain.append(self.certs["@ca-root"][1])
        else:
            raise GenError(f"cert {cid}: unknown type {typ!r}")
        if spec.get("send_root", False) and typ != "ca-issued":
            raise GenError(f"cert {cid}: send_root needs type ca-issued")
        self.certs[cid] = (key, cert, chain)
        return self._write(cid)

    def _write(self, cid):
        key, cert, chain = self.certs[cid]
        base = os.path.join(self.dir, cid.replace("/", "__").lstrip("@"))
        with open(base + ".key.pem", "w") as f:
            f.write(pem_key(key))
        with open(base + ".cert.pem", "w") as f:
            f.write(pem_cert(cert))
        # smtpd_tls_chain_files format: the key, then the leaf, then the rest of the chain the server sends.
        with open(base + ".chain.pem", "w") as f:
            f.write(pem_key(key) + "".join(pem_cert(c) for c in chain))
        os.chmod(base + ".key.pem", 0o600)
        os.chmod(base + ".chain.pem", 0o600)
        return base + ".chain.pem"

    def https_files(self, cid):
        """(certificates file, key file) for nginx: the leaf and the rest of the chain the server sends, and the key."""
        _, _, chain = self.certs[cid]
        base = os.path.join(self.dir, cid.replace("/", "__").lstrip("@"))
        with open(base + ".fullchain.pem", "w") as f:
            f.write("".join(pem_cert(c) for c in chain))
        return base + ".fullchain.pem", base + ".key.pem"

    def tlsa(self, cid, usage, selector, mtype):
        _, cert, _ = self.certs[cid]
        if selector == 0:
            data = cert.public_bytes(serialization.Encoding.DER)
        elif selector == 1:
            data = cert.public_key().public_bytes(serialization.Encoding.DER,
                                                  serialization.PublicFormat.SubjectPublicKeyInfo)
        else:
            raise GenError(f"selector {selector} not supported by the generator")
        if mtype == 1:
            data = hashlib.sha256(data).digest()
        elif mtype == 2:
            data = hashlib.sha512(data).digest()
        elif mtype != 0:
            raise GenError(f"matching type {mtype} not supported by the generator")
        return f"{usage} {selector} {mtype} {data.hex()}"


# ---------------------------------------------------------------------------------------------------------------
# Zones

class Zone:
    def __init__(self, origin, server, signed=True, algorithm=13, denial="nsec", ds="ok", validity="valid",
                 corrupt=(), scenario=None, nsec3_iterations=0, drop_zsk=False, break_nsec3_for=(),
                 fake_algorithm=None, keytrap=None, negative_ttl=TTL):
        if not origin.endswith("."):
            raise GenError(f"zone origin {origin!r} must be absolute")
        self.origin = origin.lower()
        self.server = server
        self.signed = signed
        self.algorithm = algorithm
        self.denial = denial
        self.ds = ds
        self.validity = validity
        self.corrupt = list(corrupt)
        self.scenario = scenario
        self.nsec3_iterations = int(nsec3_iterations)
        self.drop_zsk = bool(drop_zsk)
        self.break_nsec3_for = list(break_nsec3_for)
        self.fake_algorithm = fake_algorithm
        self.negative_ttl = int(negative_ttl)
        self.keytrap = None
        if keytrap:
            kt = keytrap if isinstance(keytrap, dict) else {}
            self.keytrap = {"keys": int(kt.get("keys", 64)), "sigs": int(kt.get("sigs", 32)),
                            "rrsets": list(kt.get("rrsets", ["_25._tcp.mx TLSA", "@ MX"]))}
        if validity not in ("valid", "expired", "future"):
            raise GenError(f"zone {origin}: validity {validity!r} is not valid, expired or future")
        nsec3 = denial in ("nsec3", "nsec3-optout")
        if (self.nsec3_iterations or self.break_nsec3_for) and not nsec3:
            raise GenError(f"zone {origin}: nsec3_iterations and break_nsec3_for need denial nsec3 or nsec3-optout")
        if not 0 <= self.nsec3_iterations <= 65535:
            raise GenError(f"zone {origin}: nsec3_iterations must be 0..65535")
        if fake_algorithm is not None and not 0 < int(fake_algorithm) < 256:
            raise GenError(f"zone {origin}: fake_algorithm must be 1..255")
        if not 0 <= self.negative_ttl <= 86400:
            raise GenError(f"zone {origin}: negative_ttl must be 0..86400")
        if server == "knot":
            unsupported = [name for name, bad in (
                ("signed false", not signed), ("denial " + str(denial), denial != "nsec"),
                ("validity " + str(validity), validity != "valid"), ("corrupt", bool(self.corrupt)),
                ("drop_zsk", self.drop_zsk), ("break_nsec3_for", bool(self.break_nsec3_for)),
                ("fake_algorithm", fake_algorithm is not None), ("keytrap", bool(keytrap)),
                ("algorithm " + str(algorithm), algorithm not in KNOT_ALGORITHMS)) if bad]
            if unsupported:
                raise GenError(f"zone {origin}: server knot does not support {', '.join(unsupported)}")
        self.records = []       # presentation lines, owner relative or absolute
        self.children = []
        self.ds_lines = []      # DS records this zone's parent must publish
        self.signed_file = None

    @property
    def ns_name(self):
        return f"ns1.{self.origin}" if self.origin != "." else "a.root-servers.example."

    def filename(self, state, suffix):
        name = "root" if self.origin == "." else self.origin.rstrip(".")
        return os.path.join(state, "zones", name + suffix)


def abs_owner(owner, origin):
    if owner == "@":
        return origin
    if owner.endswith("."):
        return owner.lower()
    return f"{owner}.{origin}".lower() if origin != "." else f"{owner}.".lower()


PLACEHOLDER = re.compile(r"\{tlsa (\d+) (\d+) (\d+) (@?[\w.-]+)\}")


def expand(line, certs, scenario_id):
    def sub(m):
        cid = m.group(4) if m.group(4).startswith("@") else f"{scenario_id}/{m.group(4)}"
        if cid not in certs.certs:
            raise GenError(f"scenario {scenario_id}: placeholder names unknown certificate {m.group(4)!r}")
        return certs.tlsa(cid, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return PLACEHOLDER.sub(sub, line)


def txt_rdata(text):
    """One TXT string in presentation form: quoted, split into character-strings of at most 255 bytes."""
    data = text.encode("ascii", errors="strict") if text.isascii() else None
    if data is None or any(b < 0x20 or b == 0x7F for b in data):
        raise GenError(f"TXT string {text!r} must be printable ASCII")
    chunks = [data[i:i + 255] for i in range(0, len(data), 255)] or [b""]
    return " ".join('"' + c.decode().replace("\\", "\\\\").replace('"', '\\"') + '"' for c in chunks)


MTA_STS_KEYS = {"txt", "policy", "https_cert", "redirect"}
HTTPS_CERTS = ("ca-issued", "self-signed", "wrong-name")


def mta_sts_setup(sc, zones, certs, sites):
    """The MTA-STS and TLS-RPT records of a scenario (into its own zone) and its HTTPS site (appended to SITES)."""
    sid, domain = sc["id"], sc["domain"].lower()
    sts, rpt = sc.get("mta_sts"), sc.get("tls_rpt")
    if sts is None and rpt is None:
        return
    zone = zones.get(domain)
    if zone is None or zone.scenario != sid:
        raise GenError(f"scenario {sid}: mta_sts/tls_rpt need a zone whose origin is the domain {domain}")
    if rpt is not None:
        if not isinstance(rpt, list) or not all(isinstance(t, str) for t in rpt):
            raise GenError(f"scenario {sid}: tls_rpt must be a list of strings")
        zone.records += [f"_smtp._tls TXT {txt_rdata(t)}" for t in rpt]
    if sts is None:
        return
    if not isinstance(sts, dict) or set(sts) - MTA_STS_KEYS:
        raise GenError(f"scenario {sid}: mta_sts must be an object with only {sorted(MTA_STS_KEYS)}")
    txt, policy, redirect = sts.get("txt", []), sts.get("policy"), sts.get("redirect")
    kind = sts.get("https_cert", "ca-issued")
    if not isinstance(txt, list) or not all(isinstance(t, str) for t in txt):
        raise GenError(f"scenario {sid}: mta_sts.txt must be a list of strings")
    if policy is not None and not isinstance(policy, str):
        raise GenError(f"scenario {sid}: mta_sts.policy must be a string or null")
    if kind not in HTTPS_CERTS:
        raise GenError(f"scenario {sid}: mta_sts.https_cert {kind!r} is not one of {', '.join(HTTPS_CERTS)}")
    if redirect is not None and not (isinstance(redirect, str) and re.fullmatch(r"https://[^\s\"'\\$;{}]+", redirect)):
        raise GenError(f"scenario {sid}: mta_sts.redirect must be an absolute https:// URL (no spaces, quotes, $ ; {{ }})")
    if policy is not None and redirect is not None:
        raise GenError(f"scenario {sid}: mta_sts has both a policy and a redirect")
    host = f"mta-sts.{domain}"
    zone.records.append(f"mta-sts A {HTTPS}")
    zone.records += [f"_mta-sts TXT {txt_rdata(t)}" for t in txt]
    if policy is None and redirect is None:
        return
    cid = f"{sid}/mta-sts"
    if cid in certs.certs:
        raise GenError(f"scenario {sid}: the certificate id 'mta-sts' is reserved for the HTTPS certificate")
    names = [f"www.{domain}".rstrip(".")] if kind == "wrong-name" else [host.rstrip(".")]
    certs.add(cid, {"type": "self-signed" if kind == "self-signed" else "ca-issued", "names": names})
    cert_file, key_file = certs.https_files(cid)
    sites.append({"name": host.rstrip("."), "scenario": sid, "cert": cert_file, "key": key_file,
                  "policy": policy, "redirect": redirect})


def run(cmd, cwd=None):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        raise GenError(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr.strip() or p.stdout.strip()}")
    return p.stdout


def write_unsigned(zone, state):
    lines = [f"$ORIGIN {zone.origin}", f"$TTL {TTL}",
             f"@ SOA {zone.ns_name} hostmaster.{zone.origin if zone.origin != '.' else 'example.'} "
             f"{int(NOW.timestamp())} 3600 600 86400 {zone.negative_ttl}",
             f"@ NS {zone.ns_name}"]
    if zone.origin != ".":
        lines.append(f"{zone.ns_name} A {server_address(zone.server)}")
    lines += zone.records
    for child in zone.children:
        lines.append(f"{child.origin} NS {child.ns_name}")
        lines.append(f"{child.ns_name} A {server_address(child.server)}")
        lines += child.ds_lines
    path = zone.filename(state, ".zone")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def server_address(server):
    return {"root": ROOT_NS, "tld": TLD_NS, "sld": SLD_NS, "scale": SCALE_NS, "lame": LAME_NS, "knot": KNOT_NS}[server]


def sign_zone(zone, state):
    """Writes, keys and signs one zone; fills zone.ds_lines for the parent. Children must be done first."""
    path = write_unsigned(zone, state)
    if not zone.signed:
        zone.signed_file = path
        return
    if zone.server == "knot":
        knot_keys(zone, state)
        zone.signed_file = path    # knotd loads the unsigned file and signs it itself
        return
    keydir = os.path.join(state, "keys", "root" if zone.origin == "." else zone.origin.rstrip("."))
    os.makedirs(keydir, exist_ok=True)
    alg = ALG_NAMES[zone.algorithm]
    bits = ["-b", "2048"] if zone.algorithm in (8, 10) else []
    ksk = run(["ldns-keygen", "-a", alg, *bits, "-k", zone.origin], cwd=keydir).strip()
    zsk = run(["ldns-keygen", "-a", alg, *bits, zone.origin], cwd=keydir).strip()
    extra = []
    if zone.drop_zsk:
        # With -d ldns-signzone adds no DNSKEY itself: the zone's DNSKEY RRset is the one written here.
        extra.append(open(os.path.join(keydir, ksk + ".key")).read().split(";")[0].strip())
    if zone.keytrap:
        # ldns-signzone looks for a signing key's DNSKEY in the zone by key tag, so with colliding keys present it
        # would leave the real ZSK (and KSK) out: write both explicitly.
        zsk_tag = int(zsk.rsplit("+", 1)[1])
        extra += [open(os.path.join(keydir, k + ".key")).read().split(";")[0].strip() for k in (ksk, zsk)]
        extra += keytrap_dnskeys(zone, zsk_tag, zone.keytrap["keys"])
    if extra:
        with open(path, "a") as f:
            f.write("\n".join(extra) + "\n")
    if zone.validity == "expired":
        inception, expiration = NOW - dt.timedelta(days=40), NOW - dt.timedelta(days=10)
    elif zone.validity == "future":
        inception, expiration = NOW + dt.timedelta(days=10), NOW + dt.timedelta(days=40)
    else:
        inception, expiration = NOW - dt.timedelta(days=1), NOW + dt.timedelta(days=30)
    cmd = ["ldns-signzone", "-f", zone.filename(state, ".signed"), "-o", zone.origin,
           "-i", inception.strftime("%Y%m%d%H%M%S"), "-e", expiration.strftime("%Y%m%d%H%M%S")]
    if zone.drop_zsk:
        cmd.append("-d")
    if zone.denial in ("nsec3", "nsec3-optout"):
        cmd += ["-n", "-a", "1", "-t", str(zone.nsec3_iterations)]
        if zone.denial == "nsec3-optout":
            cmd.append("-p")
    cmd += [path, os.path.join(keydir, ksk), os.path.join(keydir, zsk)]
    run(cmd)
    zone.signed_file = zone.filename(state, ".signed")
    for target in zone.corrupt:
        corrupt_rrsig(zone.signed_file, zone.origin, target)
    for name in zone.break_nsec3_for:
        break_nsec3(zone.signed_file, zone.origin, name)
    if zone.keytrap:
        for target in zone.keytrap["rrsets"]:
            keytrap_rrsigs(zone.signed_file, zone.origin, target, zone.keytrap["sigs"])
    if zone.fake_algorithm is not None:
        ksk_line = fake_algorithm(zone.signed_file, zone.origin, int(zone.fake_algorithm))
        with open(os.path.join(keydir, ksk + ".key"), "w") as f:
            f.write(ksk_line + "\n")
    ds = run(["ldns-key2ds", "-n", "-2", os.path.join(keydir, ksk + ".key")]).strip()
    if zone.ds == "mismatch":
        # Change one hex digit of the digest: a DS that matches no DNSKEY.
        head, digest = ds.rsplit(None, 1)
        flipped = ("0" if digest[-1] != "0" else "1")
        ds = f"{head} {digest[:-1]}{flipped}"
    zone.ds_lines = [] if zone.ds == "none" else [ds]
    with open(os.path.join(keydir, "ksk.ds"), "w") as f:
        f.write(ds + "\n")
    with open(os.path.join(keydir, "ksk.dnskey"), "w") as f:
        f.write(open(os.path.join(keydir, ksk + ".key")).read())


# ---------------------------------------------------------------------------------------------------------------
# Knot DNS: the zones with server "knot"

KNOT_ALGORITHMS = {8: "rsasha256", 10: "rsasha512", 13: "ecdsap256sha256", 14: "ecdsap384sha384", 15: "ed25519",
                   16: "ed448"}


def knot_dir(state):
    return os.path.join(state, "knot")


def knot_keys(zone, state):
    """A KSK and a ZSK for ZONE in knotd's KASP database (keymgr, reading knot.conf: write_knot runs first), published
    and active at once; fills zone.ds_lines with the KSK's SHA-256 DS (what ds=ok/mismatch/none asks for)."""
    conf = os.path.join(knot_dir(state), "knot.conf")
    alg = KNOT_ALGORITHMS[zone.algorithm]
    size = ["size=2048"] if zone.algorithm in (8, 10) else []
    for role in (["ksk=yes", "zsk=no"], ["ksk=no", "zsk=yes"]):
        run(["keymgr", "-c", conf, zone.origin, "generate", f"algorithm={alg}", *role, *size])
    ds = [ln.strip() for ln in run(["keymgr", "-c", conf, zone.origin, "ds"]).splitlines()
          if len(ln.split()) > 5 and ln.split()[1] == "DS" and ln.split()[4] == "2"]
    if len(ds) != 1:
        raise GenError(f"knot: keymgr ds for {zone.origin} gave {ds!r}, not one SHA-256 DS")
    ds = ds[0]
    if zone.ds == "mismatch":
        head, digest = ds.rsplit(None, 1)
        ds = f"{head} {digest[:-1]}{'0' if digest[-1] != '0' else '1'}"
    zone.ds_lines = [] if zone.ds == "none" else [ds]
    keydir = os.path.join(state, "keys", zone.origin.rstrip("."))
    os.makedirs(keydir, exist_ok=True)
    with open(os.path.join(keydir, "ksk.ds"), "w") as f:
        f.write(ds + "\n")
    with open(os.path.join(keydir, "ksk.dnskey"), "w") as f:
        f.write(run(["keymgr", "-c", conf, zone.origin, "dnskey"]).splitlines()[0] + "\n")


def write_knot(state, zones):
    """knot.conf for knotd (127.53.5.1) serving ZONES, and the TSIG key it accepts updates with (BIND key-file
    format, for nsupdate -k; the same secret is in knot.conf). Everything lives under $STATE/knot: config, KASP and
    journal databases (db/), pidfile, control socket and log. Returns the world.json entry."""
    d = knot_dir(state)
    os.makedirs(os.path.join(d, "db"), exist_ok=True)
    secret = base64.b64encode(os.urandom(32)).decode()
    key_file = os.path.join(d, "rollover.tsig.key")
    with open(key_file, "w") as f:
        f.write(f'key "{KNOT_TSIG_NAME}" {{\n\talgorithm hmac-sha256;\n\tsecret "{secret}";\n}};\n')
    os.chmod(key_file, 0o600)
    conf = [
        "# Generated by testbed/gen.py; started by testbed/up (knotd -c THIS -d) inside the testbed's network namespace.",
        "server:",
        f"  rundir: \"{d}\"",
        f"  pidfile: \"{d}/knot.pid\"",
        f"  listen: {KNOT_NS}@53",
        "  udp-workers: 1",
        "  tcp-workers: 1",
        "  background-workers: 1",
        "  identity: \"\"",
        "  version: \"\"",
        "log:",
        f"  - target: \"{d}/knot.log\"",
        "    any: info",
        "database:",
        f"  storage: \"{d}/db\"",
        "control:",
        f"  listen: \"{d}/knot.sock\"",
        "key:",
        f"  - id: {KNOT_TSIG_NAME}",
        "    algorithm: hmac-sha256",
        f"    secret: {secret}",
        "acl:",
        "  - id: tsig-update",
        f"    key: {KNOT_TSIG_NAME}",
        "    action: update",
        "policy:",
    ]
    for alg in sorted({z.algorithm for z in zones}):
        conf += [
            f"  - id: manual-{alg}",
            f"    algorithm: {KNOT_ALGORITHMS[alg]}",
            "    manual: on                 # keys only from keymgr (gen.py): Knot never generates or rolls keys",
            "    nsec3: off",
            f"    dnskey-ttl: {TTL}",
            f"    zone-max-ttl: {TTL}",
            "    rrsig-lifetime: 30d",
            "    rrsig-refresh: 7d",
            "    cds-cdnskey-publish: none",
        ]
    conf.append("zone:")
    for z in sorted(zones, key=lambda z: z.origin):
        conf += [
            f"  - domain: \"{z.origin}\"",
            f"    file: \"{z.filename(state, '.zone')}\"",
            "    dnssec-signing: on",
            f"    dnssec-policy: manual-{z.algorithm}",
            "    acl: tsig-update",
            "    zonefile-sync: -1          # never write back: the unsigned file stays as generated",
            "    zonefile-load: whole",
            "    journal-content: all       # updates and signatures persist in the journal (db/) across restarts",
            "    semantic-checks: on",
        ]
    with open(os.path.join(d, "knot.conf"), "w") as f:
        f.write("\n".join(conf) + "\n")
    os.chmod(os.path.join(d, "knot.conf"), 0o600)   # holds the TSIG secret
    return {"address": KNOT_NS, "port": 53, "conf": os.path.join(d, "knot.conf"), "pid": os.path.join(d, "knot.pid"),
            "log": os.path.join(d, "knot.log"), "control": os.path.join(d, "knot.sock"),
            "zones": sorted(z.origin for z in zones), "tsig_key_file": key_file, "tsig_key_name": KNOT_TSIG_NAME,
            "tsig_algorithm": "hmac-sha256"}


def key_tag(rdata):
    """RFC 4034 Appendix B key tag of DNSKEY RDATA (algorithms other than 1)."""
    ac = 0
    for i, b in enumerate(rdata):
        ac += b if i & 1 else b << 8
    ac += (ac >> 16) & 0xFFFF
    return ac & 0xFFFF


def dnskey_rdata(flags, protocol, algorithm, key_b64):
    return bytes([flags >> 8, flags & 0xFF, protocol, algorithm]) + base64.b64decode(key_b64)


def keytrap_dnskeys(zone, tag, count):
    """COUNT zone-key DNSKEY lines of the zone's algorithm whose key tag is TAG: random public-key bytes (no valid
    point or key) starting with two zero bytes, the last two adjusted so the RFC 4034 App. B checksum comes out at TAG."""
    size = {13: 64, 14: 96, 15: 32, 16: 57}.get(zone.algorithm)
    if size is None:
        raise GenError(f"zone {zone.origin}: keytrap supports algorithms 13-16, not {zone.algorithm}")
    lines, seen = [], set()
    while len(lines) < count:
        key = bytearray(os.urandom(size))
        key[:2] = b"\0\0"   # sort before the real ZSK in the canonical RRset order (RFC 4034 6.3): tried first
        key[-2:] = b"\0\0"
        base = key_tag(dnskey_rdata(256, 3, zone.algorithm, base64.b64encode(bytes(key))))
        # The last two key bytes add one 16-bit word to the checksum: (k[-2], k[-1]) when the key length is even,
        # (k[-1], k[-2]) when it is odd (the RDATA's 4-byte head keeps the parity).
        for word in ((tag - base) & 0xFFFF, (tag - base - 1) & 0xFFFF):
            hi, lo = word >> 8, word & 0xFF
            key[-2:] = bytes([hi, lo]) if size % 2 == 0 else bytes([lo, hi])
            b64 = base64.b64encode(bytes(key)).decode()
            if key_tag(dnskey_rdata(256, 3, zone.algorithm, b64)) == tag and b64 not in seen:
                seen.add(b64)
                lines.append(f"@ DNSKEY 256 3 {zone.algorithm} {b64}")
                break
    return lines


SIGNED_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|;.*|[^\s";]+')


def read_signed(signed_file):
    """The signed zone as lists of fields (ldns-signzone writes one record per line; comments dropped). A quoted
    character-string (TXT) is one field, quotes and inner spaces kept, so write_signed gives it back unchanged."""
    out = []
    for line in open(signed_file):
        fields = []
        for m in SIGNED_TOKEN.finditer(line):
            if m.group(0).startswith(";"):
                break
            fields.append(m.group(0))
        if fields:
            out.append(fields)
    return out


def write_signed(signed_file, records):
    with open(signed_file, "w") as f:
        f.writelines("\t".join(r) + "\n" for r in records)


def keytrap_rrsigs(signed_file, origin, target, count):
    """Puts COUNT RRSIGs with random signature bytes (same key tag, signer and dates as the real one) before the
    real RRSIG over TYPE at OWNER."""
    owner, rtype = target.split()
    owner = abs_owner(owner, origin)
    out, hit = [], 0
    for f in read_signed(signed_file):
        if len(f) > 12 and f[0].lower() == owner and f[3] == "RRSIG" and f[4] == rtype and not hit:
            size = len(base64.b64decode("".join(f[12:])))
            for _ in range(count):
                out.append(f[:12] + [base64.b64encode(os.urandom(size)).decode()])
            hit += 1
        out.append(f)
    if not hit:
        raise GenError(f"keytrap: no RRSIG {rtype} at {owner} in {signed_file}")
    write_signed(signed_file, out)


def nsec3_hash(name, salt_hex, iterations):
    wire = b"".join(bytes([len(p)]) + p.encode() for p in name.lower().rstrip(".").split(".") if p) + b"\0"
    salt = bytes.fromhex(salt_hex) if salt_hex != "-" else b""
    h = hashlib.sha1(wire + salt).digest()
    for _ in range(iterations):
        h = hashlib.sha1(h + salt).digest()
    return base64.b32encode(h).decode().translate(str.maketrans(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789abcdefghijklmnopqrstuv"))


def break_nsec3(signed_file, origin, name):
    """Deletes the NSEC3 (and its RRSIG) that matches NAME, or, when NAME does not exist, the one covering its
    next closer name (RFC 5155 7.2.1), so the denial proof for NAME is incomplete."""
    recs = read_signed(signed_file)
    n3 = [f for f in recs if len(f) > 8 and f[3] == "NSEC3"]
    if not n3:
        raise GenError(f"break_nsec3_for: {signed_file} has no NSEC3 records")
    _, _, iterations, salt = n3[0][4:8]
    iterations = int(iterations)
    hashes = sorted(f[0].split(".", 1)[0].lower() for f in n3)
    target = abs_owner(name, origin)
    labels = target.rstrip(".").split(".")
    chosen = None
    for i in range(len(labels)):
        candidate = ".".join(labels[i:]) + "."
        h = nsec3_hash(candidate, salt, iterations)
        if h in hashes:
            if i == 0:
                chosen = h                              # NAME exists: its matching NSEC3
            else:
                nc = nsec3_hash(".".join(labels[i - 1:]) + ".", salt, iterations)
                chosen = max((x for x in hashes if x < nc), default=hashes[-1])   # covers the next closer name
            break
        if not candidate.endswith(origin) or candidate == origin:
            break
    if chosen is None:
        raise GenError(f"break_nsec3_for: no closest encloser for {target} in {signed_file}")
    owner = f"{chosen}.{origin}"
    kept = [f for f in recs if not (f[0].lower() == owner and (f[3] == "NSEC3" or (f[3] == "RRSIG" and f[4] == "NSEC3")))]
    if len(kept) == len(recs):
        raise GenError(f"break_nsec3_for: could not find {owner}")
    write_signed(signed_file, kept)


def fake_algorithm(signed_file, origin, algorithm):
    """Rewrites the algorithm of every DNSKEY and RRSIG at or below ORIGIN to ALGORITHM, with the key tags the
    rewritten keys have. Returns the rewritten KSK as a .key line (for ldns-key2ds)."""
    recs = read_signed(signed_file)
    tags, ksk = {}, None
    for f in recs:
        if f[3] == "DNSKEY" and f[0].lower() == origin:
            flags, proto, old_alg, key = int(f[4]), int(f[5]), int(f[6]), "".join(f[7:])
            old = key_tag(dnskey_rdata(flags, proto, old_alg, key))
            tags[old] = key_tag(dnskey_rdata(flags, proto, algorithm, key))
            f[6:] = [str(algorithm), key]
            if flags & 1:
                ksk = f
    if ksk is None:
        raise GenError(f"fake_algorithm: no KSK in {signed_file}")
    for f in recs:
        if f[3] == "RRSIG" and len(f) > 12:
            f[5] = str(algorithm)
            f[10] = str(tags.get(int(f[10]), int(f[10])))
    write_signed(signed_file, recs)
    return "\t".join(ksk)


def corrupt_rrsig(signed_file, origin, target):
    """Flips one byte of the signature of the RRSIG covering TYPE at OWNER ('owner TYPE', owner relative)."""
    owner, rtype = target.split()
    owner = abs_owner(owner, origin)
    out, hit = [], 0
    for line in open(signed_file):
        f = line.split()
        if len(f) > 12 and f[0].lower() == owner and f[3] == "RRSIG" and f[4] == rtype:
            sig = bytearray(base64.b64decode("".join(f[12:])))
            sig[len(sig) // 2] ^= 0x01
            line = "\t".join(f[:12] + [base64.b64encode(bytes(sig)).decode()]) + "\n"
            hit += 1
        out.append(line)
    if not hit:
        raise GenError(f"corrupt: no RRSIG {rtype} at {owner} in {signed_file}")
    with open(signed_file, "w") as f:
        f.writelines(out)


# ---------------------------------------------------------------------------------------------------------------
# World

def build(args):
    state = args.state
    catalogue = json.load(open(args.catalogue))
    for sub in ("zones", "keys", "certs", "nsd", "unbound", "postfix", "peer", "anchor", "scale", "nginx", "knot"):
        shutil.rmtree(os.path.join(state, sub), ignore_errors=True)
        os.makedirs(os.path.join(state, sub))
    certs = CertStore(state)
    root = Zone(".", "root", scenario="world")
    tld = Zone(TLD, "tld", scenario="world")
    tld.records.append(f"a.root-servers.example. A {ROOT_NS}")
    zones = {".": root, TLD: tld}
    listeners = []   # (address, hostname, chain file or None for no TLS, scenario)
    banners = {}     # address -> smtpd_banner of a listener that sets one
    sites = []       # HTTPS server blocks (mta_sts_setup)
    ids = []

    for sc in catalogue["scenarios"]:
        sid = sc["id"]
        ids.append(sid)
        for cid, spec in sc.get("certs", {}).items():
            certs.add(f"{sid}/{cid}", spec)
        for zs in sc["zones"]:
            z = Zone(zs["origin"], zs.get("server", "sld"), signed=zs.get("signed", True),
                     algorithm=zs.get("algorithm", 13), denial=zs.get("denial", "nsec"), ds=zs.get("ds", "ok"),
                     validity=zs.get("validity", "valid"), corrupt=zs.get("corrupt", ()), scenario=sid,
                     nsec3_iterations=zs.get("nsec3_iterations", 0), drop_zsk=zs.get("drop_zsk", False),
                     break_nsec3_for=zs.get("break_nsec3_for", ()), fake_algorithm=zs.get("fake_algorithm"),
                     keytrap=zs.get("keytrap"), negative_ttl=zs.get("negative_ttl", TTL))
            if z.origin in zones:
                raise GenError(f"scenario {sid}: zone {z.origin} defined twice")
            z.records = [expand(r, certs, sid) for r in zs["records"]]
            zones[z.origin] = z
        for li in sc["listeners"]:
            chain = None
            if li.get("starttls", True):
                chain = os.path.join(certs.dir, f"{sid}__{li['cert']}.chain.pem")
            listeners.append((li["address"], li["hostname"], chain, sid))
            if li.get("banner") is not None:
                banners[li["address"]] = postfix_banner(sid, li["banner"])
        mta_sts_setup(sc, zones, certs, sites)

    scale_domains = generate_scale(args, zones, certs, listeners)

    # Parent links: the parent of a zone is the longest other zone origin that is a proper suffix.
    for origin, z in zones.items():
        if origin == ".":
            continue
        parent = max((o for o in zones if o != origin and (o == "." or origin.endswith("." + o))), key=len)
        zones[parent].children.append(z)

    # knotd's configuration first: keymgr (sign_zone of a "knot" zone) reads it to find the KASP database.
    knot_zones = [z for z in zones.values() if z.server == "knot"]
    knot = write_knot(state, knot_zones) if knot_zones else None

    # Sign children before parents (deepest first), in parallel within one depth.
    by_depth = {}
    for origin, z in zones.items():
        by_depth.setdefault(0 if origin == "." else origin.count("."), []).append(z)
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for depth in sorted(by_depth, reverse=True):
            list(pool.map(lambda z: sign_zone(z, state), by_depth[depth]))

    write_anchor(state)
    write_nsd(state, zones)
    write_unbound(state)
    instances = write_postfix(state, listeners, banners)
    nginx = write_nginx(state, certs, sites)
    write_peer_config(state)
    world = {
        "netns": args.netns, "resolver": RESOLVER,
        "trust_anchor": os.path.join(state, "anchor", "root.key"),
        "trust_anchor_ds": os.path.join(state, "anchor", "root.ds"),
        "trust_anchor_bind": os.path.join(state, "anchor", "bind.keys"),
        "root_hints": os.path.join(state, "anchor", "root.hints"),
        "unbound_conf": os.path.join(state, "unbound", "unbound.conf"),
        "catalogue": os.path.abspath(args.catalogue),
        "generated": NOW.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "signatures_expire": (NOW + dt.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "scenarios": ids,
        "https": {"address": HTTPS, "ca_root": os.path.join(certs.dir, "ca-root.cert.pem")},
        "nginx": nginx,
        "nsd_instances": sorted({z.server for z in zones.values() if z.server not in ("lame", "knot")} | {"lame"}),
        "postfix_instances": instances,
        "listeners": len(listeners),
        "zones": len(zones),
        "scale": {"domains": args.domains, "mx_hosts": args.mx_hosts if args.domains else 0,
                  "list": os.path.join(state, "scale", "domains.txt")},
    }
    if knot:
        world["knot"] = knot
    rollover = next((sc for sc in catalogue["scenarios"] if sc["id"] == "rollover"), None)
    if rollover is not None:
        world["rollover"] = rollover_entry(rollover, zones, knot)
    with open(os.path.join(state, "scale", "domains.txt"), "w") as f:
        f.write("".join(d + "\n" for d in scale_domains))
    with open(os.path.join(state, "world.pending.json"), "w") as f:
        json.dump(world, f, indent=1)
    print(f"gen: {len(zones)} zones, {len(listeners)} listeners in {len(instances)} postfix instance(s), "
          f"{len(ids)} scenarios, {len(scale_domains)} scale domains")


def rollover_entry(sc, zones, knot):
    """world.json "rollover": where `danekit rollover publish` sends its updates (testbed/CONTRACT.md)."""
    origin = sc["domain"].lower()
    z = zones.get(origin)
    if z is None or z.server != "knot" or knot is None:
        raise GenError(f"scenario rollover: its zone {origin} must have server knot")
    tlsa = [r.split() for r in z.records if re.match(r"^_25\._tcp\.\S+\s+(\d+\s+)?TLSA\s", r)]
    if not tlsa:
        raise GenError("scenario rollover: no _25._tcp TLSA record in its zone")
    owner = tlsa[0][0]
    mx_host = abs_owner(owner[len("_25._tcp."):], origin)
    ttl = int(tlsa[0][1]) if tlsa[0][1].isdigit() else TTL
    return {"zone": origin, "primary": knot["address"], "port": knot["port"], "tsig_key_file": knot["tsig_key_file"],
            "tsig_key_name": knot["tsig_key_name"], "tsig_algorithm": knot["tsig_algorithm"], "mx_host": mx_host,
            "tlsa_name": abs_owner(owner, origin), "tlsa_ttl": ttl, "scenario": sc["id"]}


def generate_scale(args, zones, certs, listeners):
    """N generated domains scale-NNNNN.example., each its own signed zone with DANE-EE 3 1 1 mail.
    With M < N mail hosts they share a pool (mx-MMMM.mxpool.example.), like real domains sharing providers;
    with M >= N every domain has its own MX host inside its own zone."""
    n, m = args.domains, args.mx_hosts or args.domains
    if n <= 0:
        return []
    if n > 60000:
        raise GenError("at most 60000 scale domains (address space 127.26.0.0/16)")
    m = min(m, n)

    def addr(i):
        return f"127.26.{i // 250}.{i % 250 + 1}"

    hosts = []
    for i in range(m):
        cid = f"scale/mx-{i:05d}"
        name = f"mx-{i:05d}.mxpool.example" if m < n else f"mx.scale-{i:05d}.example"
        certs.add(cid, {"type": "self-signed", "names": [name]})
        hosts.append((name, addr(i), cid))
        listeners.append((addr(i), name, os.path.join(certs.dir, f"scale__mx-{i:05d}.chain.pem"), "scale"))
    if m < n:
        pool = Zone("mxpool.example.", "scale", scenario="scale")
        for name, a, cid in hosts:
            rel = name[: -len(".mxpool.example")]
            pool.records += [f"{rel} A {a}", f"_25._tcp.{rel} TLSA {certs.tlsa(cid, 3, 1, 1)}"]
        zones[pool.origin] = pool
    domains = []
    for i in range(n):
        origin = f"scale-{i:05d}.example."
        z = Zone(origin, "scale", scenario="scale")
        name, a, cid = hosts[i % m]
        if m < n:
            z.records = [f"@ MX 10 {name}."]
        else:
            z.records = ["@ MX 10 mx", f"mx A {a}", f"_25._tcp.mx TLSA {certs.tlsa(cid, 3, 1, 1)}"]
        zones[origin] = z
        domains.append(origin.rstrip("."))
    return domains


def write_anchor(state):
    keydir = os.path.join(state, "keys", "root")
    ds = open(os.path.join(keydir, "ksk.ds")).read()
    dnskey = open(os.path.join(keydir, "ksk.dnskey")).read()
    a = os.path.join(state, "anchor")
    with open(os.path.join(a, "root.ds"), "w") as f:
        f.write(ds)
    with open(os.path.join(a, "root.key"), "w") as f:
        f.write(dnskey)
    # The same DS for BIND's delv (-a): a trust-anchors statement (BIND 9.18 syntax).
    f = ds.split()
    i = f.index("DS")
    tag, alg, dtype, digest = f[i + 1], f[i + 2], f[i + 3], "".join(f[i + 4:])
    with open(os.path.join(a, "bind.keys"), "w") as fh:
        fh.write(f'trust-anchors {{\n\t. static-ds {tag} {alg} {dtype} "{digest}";\n}};\n')
    with open(os.path.join(a, "root.hints"), "w") as f:
        f.write(f".\t3600000\tIN\tNS\ta.root-servers.example.\n"
                f"a.root-servers.example.\t3600000\tIN\tA\t{ROOT_NS}\n")


def write_nsd(state, zones):
    by_server = {"lame": []}
    for z in zones.values():
        if z.server not in ("lame", "knot"):
            by_server.setdefault(z.server, []).append(z)
    for server, zl in by_server.items():
        d = os.path.join(state, "nsd", server)
        os.makedirs(d, exist_ok=True)
        conf = [
            "server:",
            f"  ip-address: {server_address(server)}",
            "  port: 53",
            "  do-ip6: no",
            "  server-count: 1",
            "  username: \"\"",
            "  chroot: \"\"",
            f"  zonesdir: \"{d}\"",
            f"  pidfile: \"{d}/nsd.pid\"",
            f"  logfile: \"{d}/nsd.log\"",
            "  database: \"\"",
            f"  zonelistfile: \"{d}/zone.list\"",
            f"  xfrdfile: \"{d}/xfrd.state\"",
            f"  xfrdir: \"{d}\"",
            "  verbosity: 1",
            "  hide-version: yes",
            "  reuseport: no",
            "remote-control:",
            "  control-enable: no",
        ]
        for z in sorted(zl, key=lambda z: z.origin):
            conf += ["zone:", f"  name: \"{z.origin}\"", f"  zonefile: \"{z.signed_file}\""]
        with open(os.path.join(d, "nsd.conf"), "w") as f:
            f.write("\n".join(conf) + "\n")


def write_unbound(state):
    d = os.path.join(state, "unbound")
    a = os.path.join(state, "anchor")
    conf = f"""server:
  interface: {RESOLVER}
  port: 53
  do-ip6: no
  access-control: 127.0.0.0/8 allow
  do-not-query-localhost: no
  root-hints: "{a}/root.hints"
  trust-anchor-file: "{a}/root.ds"
  username: ""
  chroot: ""
  directory: "{d}"
  pidfile: "{d}/unbound.pid"
  logfile: "{d}/unbound.log"
  use-syslog: no
  verbosity: 1
  val-log-level: 2
  log-servfail: yes
  ede: yes
  num-threads: 2
  so-reuseport: no
  module-config: "validator iterator"
  msg-cache-size: 64m
  rrset-cache-size: 128m
  key-cache-size: 32m
  outgoing-range: 4096
  num-queries-per-thread: 2048
  val-bogus-ttl: 5
  qname-minimisation: yes
  harden-glue: yes
  harden-dnssec-stripped: yes
  aggressive-nsec: yes
  infra-host-ttl: 60
remote-control:
  control-enable: yes
  control-interface: "{d}/unbound.ctl"
"""
    with open(os.path.join(d, "unbound.conf"), "w") as f:
        f.write(conf)


MASTER_SERVICES = """# service type  private unpriv  chroot  wakeup  maxproc command + args
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"""


def postfix_banner(sid, banner):
    """A master.cf override of smtpd_banner; Postfix's { name = value } form keeps the spaces."""
    if any(c in banner for c in "{}$\n\r"):
        raise GenError(f"scenario {sid}: banner {banner!r}: braces, '$' and line breaks cannot go into master.cf")
    return f"-o {{ smtpd_banner = {banner} }}"


def write_postfix(state, listeners, banners=None):
    banners = banners or {}
    instances = []
    for k in range(0, max(1, len(listeners)), LISTENERS_PER_POSTFIX):
        chunk = listeners[k:k + LISTENERS_PER_POSTFIX]
        if not chunk:
            break
        n = len(instances)
        d = os.path.join(state, "postfix", str(n))
        os.makedirs(os.path.join(d, "data"))
        os.makedirs(os.path.join(d, "queue"))
        shutil.chown(os.path.join(d, "data"), "postfix", "postfix")  # master.lock lives here
        main = f"""compatibility_level = 3.6
queue_directory = {d}/queue
data_directory = {d}/data
mail_owner = postfix
setgid_group = postdrop
myhostname = postfix-{n}.testbed.example
mydomain = testbed.example
myorigin = testbed.example
mydestination =
relayhost =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
maillog_file = {d}/maillog
smtpd_banner = $myhostname ESMTP
smtpd_tls_security_level = may
smtpd_tls_loglevel = 1
smtpd_tls_received_header = no
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
smtpd_peername_lookup = no
alias_maps =
alias_database =
local_recipient_maps =
smtpd_client_connection_count_limit = 0
smtpd_client_connection_rate_limit = 0
default_process_limit = 200
# An smtpd serves one listener; let idle ones exit soon, or a scan over thousands of listeners keeps them all.
max_idle = 10s
tls_random_source = dev:/dev/urandom
"""
        master = [MASTER_SERVICES]
        for addr, hostname, chain, sid in chunk:
            opts = [f"-o myhostname={hostname}", f"-o syslog_name=postfix/{sid}"]
            if chain:
                opts += [f"-o smtpd_tls_chain_files={chain}", "-o smtpd_tls_security_level=may"]
            else:
                opts += ["-o smtpd_tls_security_level=none"]
            if addr in banners:
                opts.append(banners[addr])
            master.append(f"{addr}:25 inet n - n - - smtpd {' '.join(opts)}")
        with open(os.path.join(d, "main.cf"), "w") as f:
            f.write(main)
        with open(os.path.join(d, "master.cf"), "w") as f:
            f.write("\n".join(master) + "\n")
        instances.append({"config": d, "listeners": [a for a, _, _, _ in chunk]})
    return instances


def nginx_quote(value):
    if any(c in value for c in '"\\$\n\r'):
        raise GenError(f"nginx: cannot quote {value!r}")
    return f'"{value}"'


def write_nginx(state, certs, sites):
    """nginx.conf for the HTTPS server (127.53.4.1:443) and the policy files; everything under $STATE/nginx. testbed/up
    runs `nginx -p DIR/ -c DIR/nginx.conf -e DIR/error.log`, so /etc/nginx and /var/log/nginx are never read or
    written. Returns the world.json entry testbed/up, ready.py and testbed/down use."""
    d = os.path.join(state, "nginx")
    q = nginx_quote
    for sub in ("www", "tmp"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    certs.add("@https-default", {"type": "ca-issued", "names": [HTTPS_DEFAULT_NAME]})
    default_cert, default_key = certs.https_files("@https-default")
    conf = [
        "# Generated by testbed/gen.py; started by testbed/up inside the testbed's network namespace.",
        "# Workers run as root like the testbed's NSD and Unbound (username \"\"): the state directory may be private.",
        "user root root;",
        "worker_processes 1;",
        f"pid {q(d + '/nginx.pid')};",
        f"lock_file {q(d + '/nginx.lock')};",
        f"error_log {q(d + '/error.log')} notice;",
        "events { worker_connections 256; }",
        "http {",
        f"  access_log {q(d + '/access.log')};",
        f"  client_body_temp_path {q(d + '/tmp/body')};",
        f"  proxy_temp_path {q(d + '/tmp/proxy')};",
        f"  fastcgi_temp_path {q(d + '/tmp/fastcgi')};",
        f"  uwsgi_temp_path {q(d + '/tmp/uwsgi')};",
        f"  scgi_temp_path {q(d + '/tmp/scgi')};",
        "  server_tokens off;",
        "  types { }",
        "  default_type text/plain;   # every file served is text/plain (RFC 8461 3.3)",
        "  ssl_protocols TLSv1.2 TLSv1.3;",
        "  # Any name without its own server block: 404, with a testbed-CA certificate for another name.",
        "  server {",
        f"    listen {HTTPS}:443 ssl default_server;",
        "    server_name _;",
        f"    ssl_certificate {q(default_cert)};",
        f"    ssl_certificate_key {q(default_key)};",
        "    location / { return 404; }",
        "  }",
    ]
    seen = set()
    for site in sites:
        name = site["name"].lower()
        if name in seen:
            raise GenError(f"nginx: two server blocks for {name}")
        seen.add(name)
        conf += [
            f"  # scenario {site['scenario']}",
            "  server {",
            f"    listen {HTTPS}:443 ssl;",
            f"    server_name {name};",
            f"    ssl_certificate {q(site['cert'])};",
            f"    ssl_certificate_key {q(site['key'])};",
        ]
        if site["redirect"] is not None:
            conf.append(f"    location = /.well-known/mta-sts.txt {{ return 301 {q(site['redirect'])}; }}")
        else:
            root = os.path.join(d, "www", name)
            os.makedirs(os.path.join(root, ".well-known"))
            with open(os.path.join(root, ".well-known", "mta-sts.txt"), "wb") as f:
                f.write(site["policy"].encode("utf-8"))
            conf.append(f"    location = /.well-known/mta-sts.txt {{ root {q(root)}; }}")
        conf += ["    location / { return 404; }", "  }"]
    conf.append("}")
    with open(os.path.join(d, "nginx.conf"), "w") as f:
        f.write("\n".join(conf) + "\n")
    return {"prefix": d + "/", "conf": os.path.join(d, "nginx.conf"), "pid": os.path.join(d, "nginx.pid"),
            "error_log": os.path.join(d, "error.log"),
            "sites": [{"name": s["name"], "status": 301 if s["redirect"] is not None else 200} for s in sites]}


def write_peer_config(state):
    d = os.path.join(state, "peer")
    with open(os.path.join(d, "main.cf"), "w") as f:
        f.write("""compatibility_level = 3.6
inet_protocols = ipv4
smtp_dns_support_level = dnssec
smtp_tls_security_level = dane
smtp_tls_loglevel = 1
smtp_address_preference = ipv4
""")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--state", required=True)
    p.add_argument("--catalogue", required=True)
    p.add_argument("--netns", default="danekit")
    p.add_argument("--domains", type=int, default=0, help="generated scale domains (0: scenarios only)")
    p.add_argument("--mx-hosts", type=int, default=0, help="distinct MX hosts for the scale domains (0: one each)")
    args = p.parse_args()
    if args.domains < 0 or args.mx_hosts < 0:
        p.error("--domains and --mx-hosts must be >= 0")
    try:
        build(args)
    except GenError as e:
        print(f"gen: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
