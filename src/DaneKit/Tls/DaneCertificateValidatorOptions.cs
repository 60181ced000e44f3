namespace DaneKit.Tls;

/// <summary>Options of a <see cref="DaneCertificateValidator"/>. The defaults are a DANE MTA's (RFC 7672).</summary>
public sealed record DaneCertificateValidatorOptions
{
    /// <summary>
    /// The clock: DANE-TA checks the validity period of every certificate below the trust anchor at its time of
    /// the handshake (RFC 7672 3.1.2). <see cref="TimeProvider.System"/> by default.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// What to do when every TLSA record is unusable; null (the default) chooses by the policy's protocol:
    /// <see cref="DaneNoUsableRecordsMode.AcceptUnauthenticated"/> for SMTP,
    /// <see cref="DaneNoUsableRecordsMode.RequireWebPki"/> otherwise.
    /// </summary>
    public DaneNoUsableRecordsMode? NoUsableRecords { get; init; }

    /// <summary>
    /// The trust roots PKIX-TA(0) and PKIX-EE(1) records are validated against, outside SMTP (RFC 6698 2.1.1);
    /// null (the default) makes those records fail to match. Load the system roots yourself if you want them: the
    /// matcher never reads a store. Not used for SMTP, where PKIX usages are unusable (RFC 7672 3.1.3).
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2Collection? PkixTrustRoots { get; init; }
}
