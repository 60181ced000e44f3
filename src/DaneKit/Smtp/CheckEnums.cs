namespace DaneKit.Smtp;

/// <summary>What a <see cref="DaneChecker"/> checks. Wire names: <c>mail</c>, <c>service</c>.</summary>
public enum CheckMode
{
    /// <summary>A mail domain, as a DANE-enforcing SMTP sender reaches it (RFC 7672): MX lookup, every MX host, port 25, STARTTLS.</summary>
    Mail,

    /// <summary>One TLS service of one host (e.g. <c>tcp/443</c>, <c>tcp/465</c>): no MX lookup, TLSA at <c>_PORT._tcp.HOST</c> (RFC 6698).</summary>
    Service,
}

/// <summary>Which address families are looked up and probed (<c>-4</c>, <c>-6</c>). Wire names: <c>both</c>, <c>ipv4</c>, <c>ipv6</c>.</summary>
public enum CheckAddressFamilies
{
    /// <summary>A and AAAA.</summary>
    Both,

    /// <summary>A only.</summary>
    IPv4,

    /// <summary>AAAA only.</summary>
    IPv6,
}

/// <summary>An address family. Wire names: <c>ipv4</c>, <c>ipv6</c>.</summary>
public enum CheckAddressFamily
{
    /// <summary>IPv4 (an A record).</summary>
    IPv4,

    /// <summary>IPv6 (an AAAA record).</summary>
    IPv6,
}

/// <summary>Why a host is checked. Wire names: <c>mx</c>, <c>implicit-mx</c>, <c>requested</c>, <c>service</c>.</summary>
public enum CheckHostOrigin
{
    /// <summary>An MX record of the domain named it (RFC 5321 5.1).</summary>
    Mx,

    /// <summary>The domain has no MX RRset and is its own mail host (RFC 5321 5.1; RFC 7672 2.2.2).</summary>
    ImplicitMx,

    /// <summary>The caller asked for this host as if it were the MX host (<c>--mx HOST</c>); the MX RRset was not looked up.</summary>
    Requested,

    /// <summary>The host of a service check (<see cref="CheckMode.Service"/>).</summary>
    Service,
}

/// <summary>What the MX lookup gave. Wire names: <c>records</c>, <c>null-mx</c>, <c>no-mx</c>, <c>no-domain</c>, <c>lookup-failed</c>.</summary>
public enum CheckMxOutcome
{
    /// <summary>One or more MX records (a null MX among others is ignored, with a finding).</summary>
    Records,

    /// <summary>The null MX "0 ." alone: the domain accepts no mail (RFC 7505).</summary>
    NullMx,

    /// <summary>No MX RRset (NODATA): the domain itself is the implicit MX (RFC 5321 5.1).</summary>
    NoMx,

    /// <summary>The domain does not exist (NXDOMAIN).</summary>
    NoDomain,

    /// <summary>The lookup is Bogus or Indeterminate: a sender defers (RFC 7672 2.1.1). The records, if any, are shown but untrusted.</summary>
    LookupFailed,
}

/// <summary>How far a probe of one address got. Wire names: <c>not-probed</c>, <c>tls-established</c>, <c>no-starttls</c>, <c>tls-failed</c>, <c>indeterminate</c>.</summary>
public enum CheckProbeStatus
{
    /// <summary>The address was not probed: a sender would not connect (a failed MX or address lookup), or the probe was not run.</summary>
    NotProbed,

    /// <summary>The TLS handshake completed and the served chain was captured (a later step may still have failed; see the failure).</summary>
    TlsEstablished,

    /// <summary>The server does not offer STARTTLS, or answered STARTTLS with something other than 220 (RFC 3207 4).</summary>
    NoStartTls,

    /// <summary>The TLS handshake failed (an alert, a reset, data that is not TLS).</summary>
    TlsFailed,

    /// <summary>
    /// No conclusion: the connection failed, a step stalled or timed out, the server refused service before STARTTLS, or it
    /// broke the protocol or a limit. <see cref="CheckProbe.StalledStep"/> says where.
    /// </summary>
    Indeterminate,
}
