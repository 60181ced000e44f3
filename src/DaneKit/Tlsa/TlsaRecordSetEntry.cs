using DaneKit.Dns.Records;

namespace DaneKit.Tlsa;

/// <summary>A usable TLSA record, checked when it was added to a <see cref="TlsaRecordSet"/>.</summary>
/// <param name="Record">The record.</param>
/// <param name="SubjectPublicKeyInfo">
/// For a Full(0) record, the DER SubjectPublicKeyInfo it publishes (taken from the certificate for Cert(0)), so a
/// trust anchor absent from the served chain can still verify a signature (RFC 7671 5.2); empty for digests.
/// </param>
public sealed record TlsaRecordSetEntry(TlsaData Record, ReadOnlyMemory<byte> SubjectPublicKeyInfo)
{
    /// <summary>The record as <c>DANE-EE 3 1 1</c>, for logs.</summary>
    /// <returns>The text.</returns>
    public string Describe() => TlsaRecordSetRejection.Describe(Record);
}
