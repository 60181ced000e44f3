using DaneKit.Dnssec;
using DaneKit.Tls;
using DaneKit.TlsRpt;

namespace DaneKit.Smtp;

/// <summary>
/// One address of one host: the probe, the certificates served, the match, and the verdict a DANE sender reaches when it
/// connects to this address.
/// </summary>
public sealed record DaneCheckAddress
{
    /// <summary>The address, e.g. <c>192.0.2.1</c> or <c>2001:db8::1</c>.</summary>
    public required string Address { get; init; }

    /// <summary>IPv4 or IPv6.</summary>
    public required CheckAddressFamily Family { get; init; }

    /// <summary>The port probed.</summary>
    public required int Port { get; init; }

    /// <summary>The endpoint, e.g. <c>192.0.2.1:25</c> or <c>[2001:db8::1]:25</c>.</summary>
    public required string Endpoint { get; init; }

    /// <summary>The DNSSEC status of the address record.</summary>
    public required SecurityStatus AddressStatus { get; init; }

    /// <summary>What the TLSA records demand of a connection to this address (NotApplicable when its address record is Insecure).</summary>
    public required DaneTlsaRequirement Requirement { get; init; }

    /// <summary>The probe, or <see langword="null"/> when the address was not probed.</summary>
    public CheckProbe? Probe { get; init; }

    /// <summary>The certificates the server sent, leaf first, exactly as served.</summary>
    public IReadOnlyList<CheckCertificate> Certificates { get; init; } = [];

    /// <summary>The match of the TLSA records against the served chain, or <see langword="null"/> when no match was attempted.</summary>
    public CheckMatch? Match { get; init; }

    /// <summary>The verdict of a DANE sender for this address.</summary>
    public required DaneVerdict Verdict { get; init; }

    /// <summary>The RFC section that rules the verdict, e.g. <c>RFC 7672 3.1.1</c>.</summary>
    public required string VerdictRfc { get; init; }

    /// <summary>Why, in one sentence.</summary>
    public required string VerdictReason { get; init; }

    /// <summary>The RFC 8460 result type a sender reports for this failure (TLS-RPT), or <see langword="null"/> when there is none.</summary>
    public TlsRptResultType? Rfc8460 { get; init; }
}
