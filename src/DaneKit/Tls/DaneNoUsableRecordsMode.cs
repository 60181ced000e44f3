namespace DaneKit.Tls;

/// <summary>
/// What a <see cref="DaneCertificateValidator"/> does when the TLSA RRset is Secure but every record in it is
/// unusable (<see cref="DaneTlsaRequirement.NoUsableRecords"/>).
/// </summary>
public enum DaneNoUsableRecordsMode
{
    /// <summary>
    /// Accept any certificate and report the connection as encrypted but unauthenticated
    /// (<see cref="DaneValidationOutcome.EncryptedUnauthenticated"/>): what a DANE MTA does, since for SMTP TLS is
    /// then mandatory but authentication is not required (RFC 7672 2.2). The default for
    /// <see cref="Tlsa.TlsaContext.Smtp"/>.
    /// </summary>
    AcceptUnauthenticated,

    /// <summary>
    /// Accept the certificate only when .NET's own WebPKI validation found no error
    /// (<see cref="System.Net.Security.SslPolicyErrors.None"/>): the client authenticates as it would without DANE.
    /// The default for <see cref="Tlsa.TlsaContext.Generic"/>, where DaneKit makes no RFC 7672 claim.
    /// </summary>
    RequireWebPki,

    /// <summary>Reject every certificate: for a client that will not talk to a server it cannot authenticate by DANE.</summary>
    Reject,
}
