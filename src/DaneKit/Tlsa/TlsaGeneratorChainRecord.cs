using System.Globalization;
using DaneKit.Dns.Records;

namespace DaneKit.Tlsa;

/// <summary>A record generated for one certificate of a chain.</summary>
/// <param name="Record">The record.</param>
/// <param name="Depth">The certificate's depth: 0 for the leaf.</param>
/// <param name="Subject">The certificate's subject, for the comment.</param>
public sealed record TlsaGeneratorChainRecord(TlsaData Record, int Depth, string Subject)
{
    /// <summary>The zone-file comment naming the certificate: <c>; depth 1 DANE-TA: CN=Example CA</c>.</summary>
    public string Comment => string.Create(CultureInfo.InvariantCulture, $"; depth {Depth} {Record.Usage.ToMnemonic()}: {Subject}");
}
