using System.Security.Cryptography.X509Certificates;
using DaneKit.MtaSts;
using DaneKit.Tlsa;

namespace DaneKit.Smtp;

/// <summary>
/// Options of a <see cref="DaneChecker"/>. The defaults check a mail domain as a DANE-enforcing sender does (RFC 7672):
/// MX lookup, every MX host and address, IPv4 and IPv6, port 25, STARTTLS, SMTP rules for TLSA usages.
/// <see cref="ForService"/> makes the options for one TLS service (<c>tcp/443</c>, <c>tcp/465</c>, <c>tcp/587</c>).
/// </summary>
public sealed record CheckOptions
{
    /// <summary>The SMTP port (RFC 7672).</summary>
    public const int SmtpPort = 25;

    /// <summary>Mail (MX lookup) or one service of one host.</summary>
    public CheckMode Mode { get; init; } = CheckMode.Mail;

    /// <summary>The port probed and used in the TLSA owner names (<c>_PORT._tcp.HOST</c>); 25 for mail.</summary>
    public int Port { get; init; } = SmtpPort;

    /// <summary>STARTTLS (mail, submission on 587) or implicit TLS (443, 465).</summary>
    public SmtpProbeMode TlsMode { get; init; } = SmtpProbeMode.StartTls;

    /// <summary>
    /// The protocol the TLSA records are judged for: <see cref="TlsaContext.Smtp"/> makes PKIX-TA(0) and PKIX-EE(1)
    /// unusable (RFC 7672 3.1.3); <see cref="TlsaContext.Generic"/> keeps them (with <see cref="PkixTrustRoots"/>).
    /// </summary>
    public TlsaContext TlsaContext { get; init; } = TlsaContext.Smtp;

    /// <summary>
    /// The trust roots PKIX-TA(0) and PKIX-EE(1) records are validated against in the generic context (e.g. the system
    /// roots, loaded by the caller); without them every PKIX record fails to match.
    /// </summary>
    public X509Certificate2Collection? PkixTrustRoots { get; init; }

    /// <summary>Which address families are looked up and probed (<c>-4</c>, <c>-6</c>).</summary>
    public CheckAddressFamilies AddressFamilies { get; init; } = CheckAddressFamilies.Both;

    /// <summary>
    /// Check only this host, as if it were the domain's only MX host (<c>--mx HOST</c>): the MX RRset is not looked up and is
    /// taken as Secure. <see langword="null"/> checks every MX host.
    /// </summary>
    public string? MxHost { get; init; }

    /// <summary>
    /// Mandatory DANE (RFC 7672 6): a host without secure, usable TLSA records is a failure (RFC 8460 <c>dane-required</c>)
    /// rather than opportunistic TLS. Off by default, as for most senders.
    /// </summary>
    public bool RequireDane { get; init; }

    /// <summary>Whether to make the diagnostic lookups that explain a missing TLSA RRset (other ports, the domain, unsigned zones).</summary>
    public bool DiagnosticLookups { get; init; } = true;

    /// <summary>How many addresses are probed at once (at least 1).</summary>
    public int MaxParallelProbes { get; init; } = 4;

    /// <summary>The most MX hosts checked; the rest are reported as not checked (<c>CHECK-TRUNCATED</c>).</summary>
    public int MaxHosts { get; init; } = 16;

    /// <summary>The most addresses checked per host and family.</summary>
    public int MaxAddressesPerHost { get; init; } = 16;

    /// <summary>
    /// The deadline of one DNS lookup, over the validator's own: a lookup that takes longer is Indeterminate (a failed
    /// lookup, never "no records").
    /// </summary>
    public TimeSpan LookupTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The probe's per-step deadlines and size limits, for the <see cref="DaneCheckProber"/> the checker makes when no prober
    /// is given; the checker also stops waiting for any prober at <see cref="SmtpProbeOptions.OverallTimeout"/> plus a grace.
    /// </summary>
    public SmtpProbeOptions Probe { get; init; } = new();

    /// <summary>
    /// Whether a mail check also checks MTA-STS (RFC 8461: the <c>_mta-sts</c> TXT record, the policy over HTTPS, every MX
    /// host against it) and the TLS-RPT record (RFC 8460 3). On by default in mail mode; never in service mode.
    /// </summary>
    public bool MtaSts { get; init; } = true;

    /// <summary>
    /// Limits and trust of the MTA-STS policy fetch. <see cref="MtaStsFetchOptions.CustomRoots"/> are also trusted for the
    /// WebPKI validation of MX host certificates (RFC 8461 4.2), e.g. a private CA's; <see cref="MtaStsFetchOptions.ConnectTo"/>
    /// is ignored except for its port (the policy host's addresses come from DNS).
    /// </summary>
    public MtaStsFetchOptions MtaStsFetch { get; init; } = new();

    /// <summary>
    /// Says why an address must not be contacted (an SMTP probe, or the MTA-STS policy host), or returns
    /// <see langword="null"/> to allow it. A refused address is not connected to: its probe fails with
    /// <see cref="SmtpProbeFailureKind.TargetRefused"/> (Indeterminate, so the verdict is deferred, never a pass) and the
    /// policy fetch with the reason. <see cref="AddressScope.WhyNotPublic"/> refuses everything but public addresses (the
    /// monitor's SSRF guard). <see langword="null"/>: every address is allowed (the command line).
    /// </summary>
    public Func<System.Net.IPAddress, string?>? RefuseAddress { get; init; }

    /// <summary>Signatures expiring within this window are reported (<c>DNSSEC-SIGNATURE-EXPIRING</c>).</summary>
    public TimeSpan SignatureExpiryWarning { get; init; } = TimeSpan.FromDays(7);

    /// <summary>The options for one TLS service: no MX lookup, TLSA at <c>_PORT._tcp.HOST</c>, PKIX usages usable.</summary>
    /// <param name="service">The service, e.g. from <see cref="CheckService.TryParse"/>.</param>
    /// <param name="pkixTrustRoots">Trust roots for PKIX-TA(0) and PKIX-EE(1) records, or <see langword="null"/>.</param>
    /// <returns>The options.</returns>
    public static CheckOptions ForService(CheckService service, X509Certificate2Collection? pkixTrustRoots = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        return new CheckOptions
        {
            Mode = CheckMode.Service,
            Port = service.Port,
            TlsMode = service.TlsMode,
            TlsaContext = service.Port == SmtpPort ? TlsaContext.Smtp : TlsaContext.Generic,
            PkixTrustRoots = pkixTrustRoots,
        };
    }
}
