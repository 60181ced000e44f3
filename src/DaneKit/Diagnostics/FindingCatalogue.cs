namespace DaneKit.Diagnostics;

/// <summary>
/// Every finding code a DANE check can report, with its default severity, title and RFC section. Codes are stable:
/// once published a code keeps its meaning, and tools may match on it. <c>docs/findings.md</c> lists them with the fix.
/// </summary>
public static class FindingCatalogue
{
    /// <summary>The usable TLSA records do not match the key the server presents: generated from an old certificate or key.</summary>
    public const string TlsaStale = "DANE-TLSA-STALE";

    /// <summary>No TLSA at <c>_25._tcp.MX</c>, but TLSA found at another port of the same host (443, 465, 587).</summary>
    public const string TlsaWrongPort = "DANE-TLSA-WRONG-PORT";

    /// <summary>No TLSA at <c>_25._tcp.MX</c>, but TLSA found at <c>_25._tcp.DOMAIN</c>, the mail domain.</summary>
    public const string TlsaAtDomain = "DANE-TLSA-AT-DOMAIN";

    /// <summary>TLSA records exist, but in an unsigned (Insecure) zone: DANE senders never use them.</summary>
    public const string TlsaUnsignedZone = "DANE-TLSA-UNSIGNED-ZONE";

    /// <summary>Every record of the TLSA RRset is unusable: TLS is mandatory but unauthenticated.</summary>
    public const string TlsaAllUnusable = "DANE-TLSA-ALL-UNUSABLE";

    /// <summary>PKIX-TA(0) or PKIX-EE(1) records on an SMTP (port 25) TLSA RRset: SMTP ignores them.</summary>
    public const string TlsaPkixUsage = "DANE-TLSA-PKIX-USAGE";

    /// <summary>A record that is unusable for another reason (unknown code point, wrong digest length, weaker digest) is ignored.</summary>
    public const string TlsaUnusableRecord = "DANE-TLSA-UNUSABLE-RECORD";

    /// <summary>All usable TLSA records are bound to one key: the next key or certificate change breaks DANE delivery.</summary>
    public const string RolloverSingleKey = "DANE-ROLLOVER-SINGLE-KEY";

    /// <summary>
    /// All usable TLSA records are bound to one key and a served certificate expires within 30 days (or has expired):
    /// the renewal is near. Reported instead of <see cref="RolloverSingleKey"/> for that host, with the rollover plan.
    /// </summary>
    public const string RolloverExpiring = "DANE-ROLLOVER-EXPIRING";

    /// <summary>A DANE-TA digest record names a CA certificate the server does not send.</summary>
    public const string TaNotServed = "DANE-TA-NOT-SERVED";

    /// <summary>A DANE-TA record matched, but the leaf certificate names none of the reference names.</summary>
    public const string TaNameMismatch = "DANE-TA-NAME-MISMATCH";

    /// <summary>A DANE-TA record matched, but a certificate below the trust anchor has expired (or is not yet valid).</summary>
    public const string TaCertificateExpired = "DANE-TA-CERT-EXPIRED";

    /// <summary>No usable TLSA record authenticated the server for another reason (broken chain, no certificate).</summary>
    public const string MatchFailed = "DANE-MATCH-FAILED";

    /// <summary>The MX hosts do not all give the same result.</summary>
    public const string MixedHosts = "DANE-MIXED-HOSTS";

    /// <summary>The addresses of one MX host do not all give the same result.</summary>
    public const string MixedAddresses = "DANE-MIXED-ADDRESSES";

    /// <summary>An MX host publishes no TLSA while other MX hosts of the domain do.</summary>
    public const string MxWithoutTlsa = "DANE-MX-WITHOUT-TLSA";

    /// <summary>The MX RRset is Insecure while the MX host's TLSA RRset is Secure.</summary>
    public const string InsecureMx = "DANE-INSECURE-MX";

    /// <summary>TLSA was found only at the original MX name, not at its CNAME target.</summary>
    public const string TlsaCnameFallback = "DANE-TLSA-CNAME-FALLBACK";

    /// <summary>The MX host's zone is signed but publishes no TLSA: DANE is not in use.</summary>
    public const string NotPublished = "DANE-NOT-PUBLISHED";

    /// <summary>The names the check depends on are in unsigned zones: DANE cannot be used until they are signed.</summary>
    public const string ZoneUnsigned = "DNSSEC-UNSIGNED";

    /// <summary>The address records are Secure but the TLSA answer is Insecure (e.g. NSEC3 iterations over the validator's limit).</summary>
    public const string InsecureTlsaAnswer = "DNSSEC-INSECURE-TLSA";

    /// <summary>A lookup is Bogus: the exact broken DNSSEC link (missing DS, DS mismatch, expired RRSIG, clock skew).</summary>
    public const string DnssecBrokenLink = "DNSSEC-BROKEN-LINK";

    /// <summary>An RRSIG the answers rest on expires soon (within 7 days by default).</summary>
    public const string SignatureExpiring = "DNSSEC-SIGNATURE-EXPIRING";

    /// <summary>A lookup failed (SERVFAIL, timeout, no answer): it is never read as "no records".</summary>
    public const string LookupFailed = "DNS-LOOKUP-FAILED";

    /// <summary>The server does not offer STARTTLS (or refuses it).</summary>
    public const string NoStartTls = "SMTP-NO-STARTTLS";

    /// <summary>The TLS handshake failed.</summary>
    public const string TlsHandshakeFailed = "TLS-HANDSHAKE-FAILED";

    /// <summary>The server could not be reached (connection refused, unreachable).</summary>
    public const string ConnectFailed = "SMTP-CONNECT-FAILED";

    /// <summary>The probe stalled, timed out, or the server broke the protocol or a limit: the result is Indeterminate.</summary>
    public const string ProbeIndeterminate = "SMTP-PROBE-INDETERMINATE";

    /// <summary>TLS was established and the chain judged, but a later step (EHLO over TLS) failed.</summary>
    public const string ProbeIncomplete = "SMTP-PROBE-INCOMPLETE";

    /// <summary>The domain publishes a null MX (RFC 7505): it accepts no mail.</summary>
    public const string NullMx = "MX-NULL";

    /// <summary>A null MX record stands beside other MX records.</summary>
    public const string NullMxMixed = "MX-NULL-MIXED";

    /// <summary>The domain has no MX RRset: it is its own mail host (implicit MX).</summary>
    public const string ImplicitMx = "MX-IMPLICIT";

    /// <summary>The domain does not exist (NXDOMAIN).</summary>
    public const string DomainNotFound = "MX-NXDOMAIN";

    /// <summary>A mail host has no address records.</summary>
    public const string HostNoAddress = "MX-HOST-NO-ADDRESS";

    /// <summary>Not every MX host or address was checked: a limit was reached.</summary>
    public const string Truncated = "CHECK-TRUNCATED";

    /// <summary>Every code, with its meaning, in a stable order (DANE, DNSSEC, DNS, SMTP/TLS, MX, check).</summary>
    public static IReadOnlyList<FindingDefinition> All { get; } =
    [
        new(TlsaStale, FindingSeverity.Error, "TLSA record does not match the key the server presents", "RFC 7671 8.1",
            "The usable TLSA records match none of the certificates or keys the server sends: they were made for an old certificate or key. DANE senders refuse delivery to this server.",
            "Publish the record of the key the server presents now (shown), keep it beside the next key's record, and remove the stale one after two TTLs."),
        new(TlsaWrongPort, FindingSeverity.Error, "TLSA published at another port, not at _25._tcp", "RFC 7672 2.2.3",
            "SMTP senders look for TLSA only at _25._tcp.<MX host>. Records at another port (for HTTPS or submission) do not apply to port 25, so DANE is not in effect for mail.",
            "Publish the records at _25._tcp.<MX host> as well (shown, computed from the key the server presents)."),
        new(TlsaAtDomain, FindingSeverity.Error, "TLSA published at the mail domain instead of the MX host", "RFC 7672 2.2.3",
            "The TLSA base domain is the MX host name, not the recipient domain: records at _25._tcp.<domain> are never looked up for mail to an MX host with another name.",
            "Publish the records at _25._tcp.<MX host> (shown)."),
        new(TlsaUnsignedZone, FindingSeverity.Error, "TLSA records in an unsigned zone are invisible to DANE senders", "RFC 7672 2.2",
            "The TLSA records exist but are not DNSSEC-signed (or the chain of trust stops above them), so a DANE sender treats the host as having none.",
            "Sign the zone and publish its DS record in the parent zone."),
        new(TlsaAllUnusable, FindingSeverity.Error, "Only unusable TLSA records", "RFC 7672 3.1.3",
            "Every record of the TLSA RRset is unusable for SMTP (PKIX usages, unknown code points, wrong digest lengths). TLS is still mandatory, but the server cannot be authenticated.",
            "Replace them with DANE-EE(3) or DANE-TA(2) records: 3 1 1 of the key the server presents (shown)."),
        new(TlsaPkixUsage, FindingSeverity.Warning, "PKIX-TA(0) or PKIX-EE(1) TLSA records on port 25", "RFC 7672 3.1.3",
            "SMTP clients ignore PKIX-TA(0) and PKIX-EE(1) records: MX hosts are not reached through names a WebPKI check could rely on.",
            "Use DANE-EE(3) or DANE-TA(2) records instead (3 1 1 of the server key, or 2 1 1 of the issuing CA)."),
        new(TlsaUnusableRecord, FindingSeverity.Warning, "Unusable TLSA record ignored", "RFC 7672 3.1.3",
            "A record has an unknown usage, selector or matching type, private matching type 255, a digest of the wrong length, or a weaker digest than another record of the same usage and selector (RFC 7671 9). It is ignored.",
            "Remove or correct the record."),
        new(RolloverSingleKey, FindingSeverity.Warning, "TLSA records bound to a single key: rollover risk", "RFC 7671 8.1",
            "All usable TLSA records are bound to one key. When the key or certificate changes (often at every renewal), DANE senders refuse mail until DNS is updated.",
            "Publish \"current + next\": a 3 1 1 record for the next key as well, or a 2 1 1 record of the issuing CA; publish the new record at least two TTLs before switching keys. danekit rollover plan prints the records and the earliest safe switch time."),
        new(RolloverExpiring, FindingSeverity.Warning, "Certificate expires within 30 days and TLSA records are bound to a single key", "RFC 7671 8.1",
            "All usable TLSA records are bound to one key, and a certificate the server presents expires within 30 days (or has expired): the renewal is near, and a renewal with a new key breaks DANE delivery until DNS is updated. DANE-EE(3) ignores validity dates (RFC 7672 3.1.1; RFC 7671 5.1), so for a 3 1 1 record the expiry itself does not matter to DANE senders, the key change does; DANE-TA(2) checks them (RFC 7672 3.1.2). Reported instead of DANE-ROLLOVER-SINGLE-KEY for the host.",
            "The plan: make the next key now; publish its 3 1 1 record beside the current one; wait two TTLs (the TTL is shown); renew the certificate with that key; remove the old record. danekit rollover plan prints the records and the earliest safe switch time."),
        new(TaNotServed, FindingSeverity.Error, "DANE-TA record of a CA certificate the server does not send", "RFC 7671 5.2.2",
            "A DANE-TA digest record (2 x 1, 2 x 2) can only match a CA certificate the server sends in its chain. The server does not send this one (typically the root CA).",
            "Configure the server to send the full chain including that CA certificate, or publish a 2 1 1 record of a CA certificate it does send (shown)."),
        new(TaNameMismatch, FindingSeverity.Error, "Certificate does not name the MX host", "RFC 7672 3.2.2",
            "With DANE-TA(2) the leaf certificate must carry the TLSA base domain, the MX host name or the recipient domain (a wildcard matches one left-most label). It names none of them.",
            "Issue a certificate whose subjectAltName includes the MX host name, or publish a DANE-EE 3 1 1 record (no name check)."),
        new(TaCertificateExpired, FindingSeverity.Error, "Certificate below the DANE-TA trust anchor expired or not yet valid", "RFC 7672 3.1.2",
            "With DANE-TA(2) the validity periods of the certificates below the trust anchor are checked; one is outside its period.",
            "Renew the certificate (and publish the new key's record first if DANE-EE records are used too)."),
        new(MatchFailed, FindingSeverity.Error, "No TLSA record authenticated the server", "RFC 7672 3.1",
            "The usable TLSA records could not authenticate the chain the server sent: a broken or incomplete chain, a bad signature, or no certificate.",
            "Serve a complete, correctly signed chain, or publish a 3 1 1 record of the key the server presents (shown)."),
        new(MixedHosts, FindingSeverity.Warning, "MX hosts give different results", "RFC 7672 2.2.1",
            "A sender may use any MX host, so the domain is only as good as its worst MX host.",
            "Bring every MX host to the same state as the best one (see the other findings per host)."),
        new(MixedAddresses, FindingSeverity.Warning, "Addresses of one MX host give different results", "RFC 7672 9.2",
            "A sender may connect to any address of an MX host (IPv4 or IPv6): each one must present a certificate the TLSA records match.",
            "Make every address serve the same (matching) certificate, or publish a record for each key in use (shown)."),
        new(MxWithoutTlsa, FindingSeverity.Warning, "MX host without TLSA while other MX hosts have it", "RFC 7672 2.2.1",
            "Mail through this MX host is not DANE-protected, so an attacker can steer mail there; a sender that requires DANE (RFC 7672 6) reports dane-required and does not use it.",
            "Publish TLSA records for this host too (shown, when its key is known)."),
        new(InsecureMx, FindingSeverity.Warning, "MX RRset is not signed, the MX host's TLSA is", "RFC 7672 2.2.1",
            "The server is authenticated by its TLSA records, but the MX RRset that points to it is not protected, so an attacker can replace the MX host.",
            "Sign the recipient domain's zone and publish its DS record in the parent zone."),
        new(TlsaCnameFallback, FindingSeverity.Info, "TLSA found at the original MX name, not at the CNAME target", "RFC 7672 2.2.2",
            "The MX host is a CNAME; TLSA was looked up at the target first and found only at the original name, which is used because the alias is Secure.",
            "Nothing to fix; publishing at the CNAME target as well lets the target's operator manage the keys."),
        new(NotPublished, FindingSeverity.Info, "DANE not published", "RFC 7672 2.2",
            "The MX host's zone is signed, but it publishes no TLSA records: senders use opportunistic TLS.",
            "Publish TLSA records at _25._tcp.<MX host> (shown, computed from the key the server presents)."),
        new(ZoneUnsigned, FindingSeverity.Info, "Zone not signed: DANE cannot apply", "RFC 7672 2.2",
            "The MX host's address records are Insecure (the zone is not signed, or its chain of trust is not anchored), so senders do not look for TLSA.",
            "Sign the zone and publish its DS record in the parent zone before publishing TLSA records."),
        new(InsecureTlsaAnswer, FindingSeverity.Warning, "TLSA answer Insecure although the host's addresses are Secure", "RFC 9276 3.2",
            "The MX host's address records are Secure, but the answer to the TLSA query is Insecure: typically an NSEC3 denial with more iterations than validators accept (RFC 9276), or an unsigned delegation below the host. DANE senders treat it as \"no TLSA\", so TLSA records published there would be ignored.",
            "Sign with NSEC3 0 iterations and no salt (RFC 9276), or sign the delegated zone, so that the TLSA answer (or its absence) is Secure."),
        new(DnssecBrokenLink, FindingSeverity.Error, "DNSSEC chain of trust broken", "RFC 4035 5",
            "A lookup the sender needs is Bogus: the chain of trust fails at the link shown (DS digest mismatch, missing DNSKEY, expired or not yet valid RRSIG, bad signature, missing proof). Senders defer mail.",
            "Fix the link shown: correct the DS at the parent, re-sign the zone, or fix the signer's clock."),
        new(SignatureExpiring, FindingSeverity.Warning, "DNSSEC signature expires soon", "RFC 4035 5.3.1",
            "An RRSIG the answer rests on expires within the warning window (7 days by default). If the zone is not re-signed in time, lookups turn Bogus and senders defer mail.",
            "Re-sign the zone, and check that automatic re-signing runs."),
        new(LookupFailed, FindingSeverity.Error, "DNS lookup failed", "RFC 7672 2.1.1",
            "A lookup failed (SERVFAIL, timeout, no answer). A DANE sender never reads a failure as \"no records\": it defers mail.",
            "Make the authoritative servers answer the query (shown), including for TLSA and for names that do not exist (a signed denial)."),
        new(NoStartTls, FindingSeverity.Error, "STARTTLS not offered", "RFC 3207 4",
            "The server does not offer STARTTLS (or refuses it). With usable TLSA records DANE senders refuse delivery; without them mail goes in cleartext.",
            "Enable STARTTLS on the server (Postfix: smtpd_tls_security_level = may, with a certificate and key)."),
        new(TlsHandshakeFailed, FindingSeverity.Error, "TLS handshake failed", "RFC 7672 2.2",
            "The server offered TLS but the handshake failed. With TLSA records DANE senders refuse delivery; without them senders retry in cleartext.",
            "Check the server's TLS configuration: certificate, key, protocol versions and cipher suites."),
        new(ConnectFailed, FindingSeverity.Error, "Could not connect", "RFC 5321 4.5.4.1",
            "The address refused the connection or could not be reached. Senders retry later; mail to this address is delayed.",
            "Make the server listen on this address and port, or remove the address from DNS."),
        new(ProbeIndeterminate, FindingSeverity.Error, "Server stalled or broke the protocol", "RFC 5321 4.5.3.2",
            "The probe could not finish a step in time, or the server broke the protocol or a limit (line length, reply lines, bytes, chain length). The result for this address is Indeterminate; a sender would retry later.",
            "Check the server at the step shown."),
        new(ProbeIncomplete, FindingSeverity.Warning, "SMTP session failed after TLS", "RFC 3207 4.2",
            "TLS was established and the certificate chain judged, but a later step (EHLO over TLS) failed.",
            "Check the server's behaviour after STARTTLS."),
        new(NullMx, FindingSeverity.Info, "Null MX: the domain accepts no mail", "RFC 7505 3",
            "The domain publishes \"MX 0 .\": it accepts no mail, and nothing is probed.",
            "Nothing to fix, if the domain is not meant to receive mail."),
        new(NullMxMixed, FindingSeverity.Warning, "Null MX beside other MX records", "RFC 7505 3",
            "A null MX must be the only MX record of a domain; beside other records it is ignored here as senders may do.",
            "Remove either the null MX or the other MX records."),
        new(ImplicitMx, FindingSeverity.Info, "No MX: the domain is its own mail host", "RFC 5321 5.1",
            "The domain has no MX RRset, so senders deliver to its address records (implicit MX), and the TLSA base domain is the domain itself.",
            "Nothing to fix; publish an MX record if another host should receive mail."),
        new(DomainNotFound, FindingSeverity.Error, "Domain does not exist", "RFC 5321 5.1",
            "The MX lookup says the domain does not exist (NXDOMAIN): mail to it bounces.",
            "Check the domain name."),
        new(HostNoAddress, FindingSeverity.Error, "Mail host without address records", "RFC 5321 5.1",
            "The mail host has no A or AAAA records, so no sender can deliver to it.",
            "Publish address records for the host, or remove it from the MX RRset."),
        new(Truncated, FindingSeverity.Warning, "Not everything was checked", "RFC 7672 2.2.1",
            "More MX hosts or addresses than the check's limits: the rest were not checked.",
            "Check the remaining hosts with --mx HOST."),
    ];

    /// <summary>The definition of a code.</summary>
    /// <param name="code">A code, e.g. <c>DANE-TLSA-STALE</c>.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="ArgumentException">The code is not in the catalogue.</exception>
    public static FindingDefinition Get(string code) =>
        All.FirstOrDefault(d => string.Equals(d.Code, code, StringComparison.Ordinal))
        ?? throw new ArgumentException($"'{code}' is not a finding code", nameof(code));
}
