namespace DaneKit.Testbed.Tests.Dns;

/// <summary>
/// delv 9.18 output (<c>delv +cdflag @127.53.53.53 -a bind.keys +root=. NAME TYPE</c>, stderr and stdout merged) as
/// captured on the testbed, for the parser tests.
/// </summary>
internal static class DelvSamples
{
    /// <summary>A validated positive answer (dane-ee-311.example. MX).</summary>
    public const string SecureMx = """
        ; fully validated
        dane-ee-311.example.	262	IN	MX	10 mx.dane-ee-311.example.
        dane-ee-311.example.	262	IN	RRSIG	MX 13 2 300 20261229030959 20261128030959 60691 dane-ee-311.example. 0ECug4lu3pepRqBgvax9VOLFGsRqCxW6AGrGCZsJq5JzFiM1777xQpjx nKcKdemZlhoLxNcBFX15VFFBF1EqwQ==
        """;

    /// <summary>A validated NXDOMAIN (_25._tcp.mx.tlsa-only-443.example. TLSA): delv reports the negative cache entry as a failed resolution, then the trust.</summary>
    public const string SecureNxDomain = """
        ;; resolution failed: ncache nxdomain
        ; negative response, fully validated
        ; _25._tcp.mx.tlsa-only-443.example. 262 IN \-ANY	;-$NXDOMAIN
        ; mx.tlsa-only-443.example. RRSIG NSEC ...
        ; mx.tlsa-only-443.example. NSEC _443._tcp.mx.tlsa-only-443.example. A RRSIG NSEC
        ; tlsa-only-443.example. SOA ns1.tlsa-only-443.example. hostmaster.tlsa-only-443.example. 1795921799 3600 600 86400 300
        ; tlsa-only-443.example. RRSIG SOA ...
        """;

    /// <summary>A validated NODATA from an NSEC3 opt-out zone (mx.nsec3-optout.example. AAAA).</summary>
    public const string SecureNoData = """
        ;; resolution failed: ncache nxrrset
        ; negative response, fully validated
        ; mx.nsec3-optout.example. 279	IN	\-AAAA	;-$NXRRSET
        ; nsec3-optout.example. SOA ns1.nsec3-optout.example. hostmaster.nsec3-optout.example. 1795921799 3600 600 86400 300
        ; nsec3-optout.example. RRSIG SOA ...
        ; b1afom3gp3r31soti4l0vhlkkmrpm8tj.nsec3-optout.example. RRSIG NSEC3 ...
        ; b1afom3gp3r31soti4l0vhlkkmrpm8tj.nsec3-optout.example. NSEC3 1 1 0 - D01PBSFH79ED0U6RTGT0EGR8GNROMQT7 A RRSIG
        """;

    /// <summary>An answer from an unsigned zone below a provable DS absence (unsigned-zone-tlsa.example. MX).</summary>
    public const string InsecureMx = """
        ; unsigned answer
        unsigned-zone-tlsa.example. 262	IN	MX	10 mx.unsigned-zone-tlsa.example.
        """;

    /// <summary>A signed zone without a DS (missing-ds-island.example. MX): delv tries the RRSIG, then settles on insecure.</summary>
    public const string InsecureIsland = """
        ;; validating missing-ds-island.example/MX: no valid signature found
        ; unsigned answer
        missing-ds-island.example. 262	IN	MX	10 mx.missing-ds-island.example.
        missing-ds-island.example. 262	IN	RRSIG	MX 13 2 300 20261229030959 20261128030959 65347 missing-ds-island.example. UnB2gC+9/FqNKmy+p/YedOcvs3J4RhksVF1BEzuWUyCJKy9ZvjeKcdVU pNx9DGHZWlqEX+vTnaGJWRa7A4tkBQ==
        """;

    /// <summary>An NXDOMAIN proven by NSEC3 with 200 iterations (above BIND's limit of 150): insecure.</summary>
    public const string InsecureNsec3Iterations = """
        ;; resolution failed: ncache nxdomain
        ; negative response, unsigned answer
        ; _25._tcp.mx.nsec3-iterations-200.example. 300 IN \-ANY ;-$NXDOMAIN
        ; nsec3-iterations-200.example. SOA ns1.nsec3-iterations-200.example. hostmaster.nsec3-iterations-200.example. 1795921799 3600 600 86400 300
        ; nsec3-iterations-200.example. RRSIG SOA ...
        ; b2k1taimrgacbv4abspobpuoup9ohkbq.nsec3-iterations-200.example. RRSIG NSEC3 ...
        ; b2k1taimrgacbv4abspobpuoup9ohkbq.nsec3-iterations-200.example. NSEC3 1 0 200 - VIF1CKKFF18LN675NFCGK60C7TB322EN A RRSIG
        ; vif1ckkff18ln675nfcgk60c7tb322en.nsec3-iterations-200.example. RRSIG NSEC3 ...
        ; vif1ckkff18ln675nfcgk60c7tb322en.nsec3-iterations-200.example. NSEC3 1 0 200 - 9CAATP7D84JT1HTIS4JC9TFE3HBQ5KAE A RRSIG
        """;

    /// <summary>Expired RRSIGs over the DNSKEY RRset (expired-rrsig.example. MX): broken trust chain.</summary>
    public const string BogusExpired = """
        ;; validating expired-rrsig.example/DNSKEY: verify failed due to bad signature (keyid=44937): RRSIG has expired
        ;; validating expired-rrsig.example/DNSKEY: no valid signature found (DS)
        ;; no valid RRSIG resolving 'expired-rrsig.example/DNSKEY/IN': 127.53.53.53#53
        ;; broken trust chain resolving 'expired-rrsig.example/MX/IN': 127.53.53.53#53
        ;; resolution failed: broken trust chain
        """;

    /// <summary>A corrupted TLSA RRSIG (_25._tcp.mx.bogus-tlsa-signature.example. TLSA).</summary>
    public const string BogusSignature = """
        ;; validating _25._tcp.mx.bogus-tlsa-signature.example/TLSA: no valid signature found
        ;; RRSIG failed to verify resolving '_25._tcp.mx.bogus-tlsa-signature.example/TLSA/IN': 127.53.53.53#53
        ;; resolution failed: RRSIG failed to verify
        """;

    /// <summary>Data signed by a key absent from the DNSKEY RRset (missing-dnskey.example. MX).</summary>
    public const string BogusMissingDnskey = """
        ;; validating missing-dnskey.example/MX: no valid signature found
        ;; no valid RRSIG resolving 'missing-dnskey.example/MX/IN': 127.53.53.53#53
        ;; resolution failed: no valid RRSIG
        """;

    /// <summary>The KeyTrap zone (_25._tcp.mx.keytrap.example. TLSA): the colliding keys are no curve points.</summary>
    public const string BogusKeyTrap = """
        ;; EVP_PKEY_fromdata failed (crypto failure)
        ;; error:0800006B:elliptic curve routines::point is not on curve:../crypto/ec/ec_lib.c:874:
        ;; EVP_PKEY_fromdata failed (crypto failure)
        ;; error:0800006B:elliptic curve routines::point is not on curve:../crypto/ec/ec_lib.c:874:
        ;; crypto failure resolving '_25._tcp.mx.keytrap.example/TLSA/IN': 127.53.53.53#53
        ;; resolution failed: crypto failure
        """;

    /// <summary>The resolver answers SERVFAIL even with CD (_25._tcp.mx.tlsa-servfail.example. TLSA): delv only says failure.</summary>
    public const string Indeterminate = """
        ;; resolution failed: failure
        """;

    /// <summary>Nothing listens at the server address (127.53.53.99).</summary>
    public const string NoServer = """
        ;; connection refused resolving 'dane-ee-311.example/MX/IN': 127.53.53.99#53
        ;; resolution failed: failure
        """;
}
