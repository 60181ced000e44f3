namespace DaneKit.Testbed.Tests.Dns;

/// <summary>dig 9.18 output as captured from queries to a validating Unbound, for the parser tests.</summary>
internal static class DigSamples
{
    /// <summary>A validated TLSA answer: NOERROR with AD.</summary>
    public const string SecureTlsa = """

        ; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> +dnssec +time=3 +tries=2 @127.53.53.53 _25._tcp.mx.dane-ee-311.example. TLSA
        ; (1 server found)
        ;; global options: +cmd
        ;; Got answer:
        ;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 40312
        ;; flags: qr rd ra ad; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 1

        ;; OPT PSEUDOSECTION:
        ; EDNS: version: 0, flags: do; udp: 1232
        ;; QUESTION SECTION:
        ;_25._tcp.mx.dane-ee-311.example. IN	TLSA

        ;; ANSWER SECTION:
        _25._tcp.mx.dane-ee-311.example. 3600 IN TLSA	3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B566 64C5D3D6
        _25._tcp.mx.dane-ee-311.example. 3600 IN RRSIG	TLSA 13 5 3600 20261229015914 20261129015914 41296 dane-ee-311.example. 2ym4Q1pK3p8m1qVQ0Bl8TbLz7iFQm5w2nYxS0dJ0Xq9Jd3F0w6Z0mYhD lq1o5g0n1X0gHqg4rC9zHfZ2Kx4Q3AmuX7W8SuoR2A==

        ;; Query time: 4 msec
        ;; SERVER: 127.53.53.53#53(127.53.53.53) (UDP)
        ;; WHEN: Sun Nov 29 02:10:11 UTC 2026
        ;; MSG SIZE  rcvd: 231

        """;

    /// <summary>An answer from an unsigned zone: NOERROR without AD.</summary>
    public const string InsecureMx = """

        ; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> +dnssec +time=3 +tries=2 @127.53.53.53 unsigned-zone-tlsa.example. MX
        ; (1 server found)
        ;; global options: +cmd
        ;; Got answer:
        ;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 2210
        ;; flags: qr rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1

        ;; OPT PSEUDOSECTION:
        ; EDNS: version: 0, flags: do; udp: 1232
        ;; QUESTION SECTION:
        ;unsigned-zone-tlsa.example.	IN	MX

        ;; ANSWER SECTION:
        unsigned-zone-tlsa.example. 3600 IN	MX	10 mx.unsigned-zone-tlsa.example.

        ;; Query time: 8 msec
        ;; SERVER: 127.53.53.53#53(127.53.53.53) (UDP)
        ;; WHEN: Sun Nov 29 02:10:12 UTC 2026
        ;; MSG SIZE  rcvd: 76

        """;

    /// <summary>A validated denial: NXDOMAIN with AD.</summary>
    public const string SecureNxDomain = """

        ; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> +dnssec +time=3 +tries=2 @127.53.53.53 _25._tcp.mx.tlsa-only-443.example. TLSA
        ; (1 server found)
        ;; global options: +cmd
        ;; Got answer:
        ;; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 61007
        ;; flags: qr rd ra ad; QUERY: 1, ANSWER: 0, AUTHORITY: 4, ADDITIONAL: 1

        ;; OPT PSEUDOSECTION:
        ; EDNS: version: 0, flags: do; udp: 1232
        ;; QUESTION SECTION:
        ;_25._tcp.mx.tlsa-only-443.example. IN	TLSA

        ;; AUTHORITY SECTION:
        tlsa-only-443.example.	3600	IN	SOA	ns.tlsa-only-443.example. hostmaster.tlsa-only-443.example. 2026112901 3600 900 1209600 3600
        tlsa-only-443.example.	3600	IN	RRSIG	SOA 13 2 3600 20261229015914 20261129015914 5163 tlsa-only-443.example. k0lS8T3c3j2d8nYqG7hXo0uU2Z4oQ8Q0cQh0y8Rk1b8xq3n2H9v0w2Yd 3Jm9m0m6hPpQd0v3n7q2oXg5FQ==
        _443._tcp.mx.tlsa-only-443.example. 3600 IN NSEC mx.tlsa-only-443.example. TLSA RRSIG NSEC
        _443._tcp.mx.tlsa-only-443.example. 3600 IN RRSIG NSEC 13 6 3600 20261229015914 20261129015914 5163 tlsa-only-443.example. c9yA3c5r1j0gm3J5k2D3e0lT9iF4Q0x2m1b9X8w7v6u5t4s3r2q1p0o9 n8m7l6k5j4i3h2g1f0e9d8c7b6a5Zw==

        ;; Query time: 1 msec
        ;; SERVER: 127.53.53.53#53(127.53.53.53) (UDP)
        ;; WHEN: Sun Nov 29 02:10:13 UTC 2026
        ;; MSG SIZE  rcvd: 412

        """;

    /// <summary>A bogus answer: SERVFAIL with Unbound's EDE and reason text.</summary>
    public const string ExpiredSignatureServfail = """

        ; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> +dnssec +time=3 +tries=2 @127.53.53.53 expired-rrsig.example. MX
        ; (1 server found)
        ;; global options: +cmd
        ;; Got answer:
        ;; ->>HEADER<<- opcode: QUERY, status: SERVFAIL, id: 5150
        ;; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1

        ;; OPT PSEUDOSECTION:
        ; EDNS: version: 0, flags: do; udp: 1232
        ; EDE: 7 (Signature Expired): (validation failure <expired-rrsig.example. MX IN>: signature expired from 127.53.1.3 for DNSKEY expired-rrsig.example. while building chain of trust)
        ;; QUESTION SECTION:
        ;expired-rrsig.example.		IN	MX

        ;; Query time: 12 msec
        ;; SERVER: 127.53.53.53#53(127.53.53.53) (UDP)
        ;; WHEN: Sun Nov 29 02:10:14 UTC 2026
        ;; MSG SIZE  rcvd: 202

        """;

    /// <summary>The same query with +cd: the data comes back unchecked, NOERROR without AD and with CD.</summary>
    public const string ExpiredSignatureCheckingDisabled = """

        ; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> +dnssec +time=3 +tries=2 +cd @127.53.53.53 expired-rrsig.example. MX
        ; (1 server found)
        ;; global options: +cmd
        ;; Got answer:
        ;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 9466
        ;; flags: qr rd ra cd; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 1

        ;; OPT PSEUDOSECTION:
        ; EDNS: version: 0, flags: do; udp: 1232
        ;; QUESTION SECTION:
        ;expired-rrsig.example.		IN	MX

        ;; ANSWER SECTION:
        expired-rrsig.example.	3600	IN	MX	10 mx.expired-rrsig.example.
        expired-rrsig.example.	3600	IN	RRSIG	MX 13 2 3600 20261001000000 20260901000000 30411 expired-rrsig.example. Jq7wWk0b4r1f0e2hQ8s9Zq3v1X5n2m8k7j6h5g4f3d2s1a0p9o8i7u6y t5r4e3w2q1Qw==

        ;; Query time: 0 msec
        ;; SERVER: 127.53.53.53#53(127.53.53.53) (UDP)
        ;; WHEN: Sun Nov 29 02:10:14 UTC 2026
        ;; MSG SIZE  rcvd: 181

        """;

    /// <summary>A SERVFAIL with two EDE options, one without a name dig knows and one without text.</summary>
    public const string ServfailTwoEdes = """

        ; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> +dnssec +time=3 +tries=2 @127.53.53.53 ds-digest-mismatch.example. MX
        ; (1 server found)
        ;; global options: +cmd
        ;; Got answer:
        ;; ->>HEADER<<- opcode: QUERY, status: SERVFAIL, id: 33122
        ;; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1

        ;; OPT PSEUDOSECTION:
        ; EDNS: version: 0, flags: do; udp: 1232
        ; EDE: 9 (DNSKEY Missing)
        ; EDE: 49152: (private use)
        ;; QUESTION SECTION:
        ;ds-digest-mismatch.example.	IN	MX

        ;; Query time: 20 msec
        ;; SERVER: 127.53.53.53#53(127.53.53.53) (UDP)
        ;; WHEN: Sun Nov 29 02:10:15 UTC 2026
        ;; MSG SIZE  rcvd: 72

        """;

    /// <summary>A SERVFAIL that +cd does not cure: the servers are unreachable.</summary>
    public const string ServfailCheckingDisabled = """

        ; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> +dnssec +time=3 +tries=2 +cd @127.53.53.53 _25._tcp.mx.tlsa-servfail.example. TLSA
        ; (1 server found)
        ;; global options: +cmd
        ;; Got answer:
        ;; ->>HEADER<<- opcode: QUERY, status: SERVFAIL, id: 1781
        ;; flags: qr rd ra cd; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1

        ;; OPT PSEUDOSECTION:
        ; EDNS: version: 0, flags: do; udp: 1232
        ; EDE: 22 (No Reachable Authority): (at delegation tlsa-servfail.example.)
        ;; QUESTION SECTION:
        ;_25._tcp.mx.tlsa-servfail.example. IN	TLSA

        ;; Query time: 3004 msec
        ;; SERVER: 127.53.53.53#53(127.53.53.53) (UDP)
        ;; WHEN: Sun Nov 29 02:10:19 UTC 2026
        ;; MSG SIZE  rcvd: 110

        """;

    /// <summary>A refused query: an RCODE the contract gives no status.</summary>
    public const string Refused = """

        ; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> +dnssec +time=3 +tries=2 @127.53.53.53 example. SOA
        ; (1 server found)
        ;; global options: +cmd
        ;; Got answer:
        ;; ->>HEADER<<- opcode: QUERY, status: REFUSED, id: 4711
        ;; flags: qr rd; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1
        ;; WARNING: recursion requested but not available

        ;; OPT PSEUDOSECTION:
        ; EDNS: version: 0, flags: do; udp: 1232
        ; EDE: 18 (Prohibited)
        ;; QUESTION SECTION:
        ;example.			IN	SOA

        ;; Query time: 0 msec
        ;; SERVER: 127.53.53.53#53(127.53.53.53) (UDP)
        ;; WHEN: Sun Nov 29 02:10:20 UTC 2026
        ;; MSG SIZE  rcvd: 42

        """;

    /// <summary>No response at all (dig exits 9).</summary>
    public const string NoServersReached = """
        ;; communications error to 127.53.53.53#53: timed out
        ;; communications error to 127.53.53.53#53: timed out

        ; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> +dnssec +time=3 +tries=2 @127.53.53.53 tlsa-servfail.example. MX
        ; (1 server found)
        ;; global options: +cmd
        ;; no servers could be reached

        """;
}
