namespace DaneKit.Smtp;

/// <summary>One certificate the server sent, as data: who, by whom, when, and the hashes TLSA records are made of.</summary>
public sealed record CheckCertificate
{
    /// <summary>The position in the chain as served: 0 for the leaf.</summary>
    public required int Depth { get; init; }

    /// <summary>The subject distinguished name.</summary>
    public required string Subject { get; init; }

    /// <summary>The issuer distinguished name.</summary>
    public required string Issuer { get; init; }

    /// <summary>The serial number in hex.</summary>
    public required string SerialNumber { get; init; }

    /// <summary>The start of the validity period.</summary>
    public required DateTimeOffset NotBefore { get; init; }

    /// <summary>The end of the validity period.</summary>
    public required DateTimeOffset NotAfter { get; init; }

    /// <summary>Whether the check's clock is past <see cref="NotAfter"/> (DANE-EE ignores it; DANE-TA does not).</summary>
    public bool Expired { get; init; }

    /// <summary>The DNS names of the subjectAltName extension.</summary>
    public IReadOnlyList<string> DnsNames { get; init; } = [];

    /// <summary>Whether basicConstraints says it is a CA.</summary>
    public bool IsCa { get; init; }

    /// <summary>Whether subject and issuer are the same (a self-issued, typically self-signed, certificate).</summary>
    public bool SelfIssued { get; init; }

    /// <summary>The public key algorithm, e.g. <c>ECDSA P-256</c> or <c>RSA 2048</c>.</summary>
    public required string KeyAlgorithm { get; init; }

    /// <summary>SHA-256 of the DER SubjectPublicKeyInfo, upper-case hex: the data of an "x 1 1" record.</summary>
    public required string SpkiSha256 { get; init; }

    /// <summary>SHA-256 of the whole DER certificate, upper-case hex: the data of an "x 0 1" record.</summary>
    public required string CertificateSha256 { get; init; }

    /// <summary>The record that pins this certificate's key: <c>3 1 1 HEX</c> for the leaf, <c>2 1 1 HEX</c> for a CA.</summary>
    public required string TlsaRecord { get; init; }

    /// <summary>The DER certificate, base64.</summary>
    public required string Der { get; init; }
}
