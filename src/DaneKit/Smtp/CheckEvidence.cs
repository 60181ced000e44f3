using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Tlsa;

namespace DaneKit.Smtp;

/// <summary>Turns the library's working types (validated answers, probe results, certificates, match results) into the check's plain data.</summary>
internal static class CheckEvidence
{
    /// <summary>A validated answer as a <see cref="CheckLookup"/>.</summary>
    public static CheckLookup Lookup(ValidatedAnswer answer, string purpose = "")
    {
        var name = answer.Question.Name;
        var type = answer.Question.Type;
        var records = answer.Records.Where(r => r.Type == type).Select(r => r.Data.ToString() ?? "").ToArray();
        var aliases = Aliases(answer);
        var final = FinalName(answer);
        return new CheckLookup
        {
            Name = name.ToString(),
            Type = type.ToText(),
            Purpose = purpose,
            Diagnostic = purpose.Length > 0,
            Status = answer.Status,
            ResponseCode = answer.ResponseCode.ToText(),
            IsDenial = answer.IsDenial,
            Records = records,
            Aliases = aliases,
            FinalName = final.ToString(),
            RRsets = answer.RRsets.Select(s => new CheckRRset(s.Name.ToString(), s.Type.ToText(), s.Status,
                s.Records.Select(r => r.Data.ToString() ?? "").ToArray(), s.Signer?.ToString(), s.KeyTag, s.Ttl, s.ExpiresAt, s.Signatures.Count,
                s.Signatures.Select(r => r.Data).OfType<RrsigData>().Select(r => (uint?)r.OriginalTtl).FirstOrDefault())).ToArray(),
            Chain = answer.Chain.Select(l => new CheckChainLink(l.Zone.ToString(), l.Status, l.DsRecords.Select(r => r.Data.ToString() ?? "").ToArray(),
                l.MatchedDs?.Data.ToString(), l.KeySigningKeyTag, l.Reason)).ToArray(),
            Reasons = answer.Reasons.Select(r => new CheckReason(r.Name.ToString(), r.Type.ToText(), r.What, r.Rfc, r.Kind)).ToArray(),
            Source = answer.Source,
            Summary = Summary(answer, records.Length, final),
        };
    }

    /// <summary>The alias chain of an answer, in order.</summary>
    public static IReadOnlyList<CheckAlias> Aliases(ValidatedAnswer answer)
    {
        var list = new List<CheckAlias>();
        foreach (var set in answer.RRsets)
        {
            if (set.Type is DnsType.CNAME or DnsType.DNAME && set.Type != answer.Question.Type && set.Records.Count > 0
                && set.Records[0].Data is SingleNameData target)
            {
                list.Add(new CheckAlias(set.Name.ToString(), set.Type.ToText(), target.Target.ToString(), set.Status));
            }
        }

        return list;
    }

    /// <summary>The name at the end of an answer's alias chain.</summary>
    public static DnsName FinalName(ValidatedAnswer answer)
    {
        var type = answer.Question.Type;
        var data = answer.Records.FirstOrDefault(r => r.Type == type);
        if (data is not null)
        {
            return data.Name;
        }

        var current = answer.Question.Name;
        foreach (var set in answer.RRsets)
        {
            if (set.Type == type || set.Records.Count == 0)
            {
                continue;
            }

            if (set.Type == DnsType.CNAME && set.Name.Equals(current) && set.Records[0].Data is CnameData cname)
            {
                current = cname.Target;
            }
            else if (set.Type == DnsType.DNAME && current.IsSubdomainOf(set.Name) && !current.Equals(set.Name) && set.Records[0].Data is DnameData dname)
            {
                try
                {
                    current = current.ReplaceSuffix(set.Name, dname.Target);
                }
                catch (FormatException)
                {
                    break;
                }
            }
        }

        return current;
    }

    /// <summary>The worst status of the alias RRsets of an answer; Secure when there are none.</summary>
    public static SecurityStatus AliasStatus(ValidatedAnswer answer) =>
        Worst(answer.RRsets.Where(s => s.Type is DnsType.CNAME or DnsType.DNAME && s.Type != answer.Question.Type).Select(s => s.Status));

    /// <summary>
    /// The status of the data an answer gives: the final RRset of the type asked for; for a denial or a failure, the
    /// answer's status.
    /// </summary>
    public static SecurityStatus DataStatus(ValidatedAnswer answer)
    {
        if (answer.Status is SecurityStatus.Bogus or SecurityStatus.Indeterminate || answer.IsDenial)
        {
            return answer.Status;
        }

        var last = answer.RRsets.LastOrDefault(s => s.Type == answer.Question.Type);
        return last?.Status ?? answer.Status;
    }

    /// <summary>Whether a lookup failed: Bogus, Indeterminate, or a Secure answer with neither data nor a proven denial.</summary>
    public static bool Failed(ValidatedAnswer answer) =>
        answer.Status is SecurityStatus.Bogus or SecurityStatus.Indeterminate
        || (!answer.IsDenial && !answer.Records.Any(r => r.Type == answer.Question.Type));

    /// <summary>The worst of several statuses: Bogus, Indeterminate, Insecure, Secure.</summary>
    public static SecurityStatus Worst(IEnumerable<SecurityStatus> statuses)
    {
        var worst = SecurityStatus.Secure;
        foreach (var s in statuses)
        {
            if (Rank(s) > Rank(worst))
            {
                worst = s;
            }
        }

        return worst;
    }

    private static int Rank(SecurityStatus s) => s switch
    {
        SecurityStatus.Bogus => 3,
        SecurityStatus.Indeterminate => 2,
        SecurityStatus.Insecure => 1,
        _ => 0,
    };

    private static string Summary(ValidatedAnswer answer, int count, DnsName final)
    {
        var head = $"{answer.Question.Name} {answer.Question.Type.ToText()}: {answer.Status}";
        var alias = final.Equals(answer.Question.Name) ? "" : $" (via {final})";
        if (answer.Status is SecurityStatus.Bogus or SecurityStatus.Indeterminate)
        {
            var failure = answer.Failures.FirstOrDefault();
            return failure is null ? $"{head}, {answer.ResponseCode.ToText()}" : $"{head}: {failure}";
        }

        if (answer.IsDenial)
        {
            return $"{head}, {(answer.ResponseCode == DnsResponseCode.NXDomain ? "NXDOMAIN" : "no records (NODATA)")}{alias}";
        }

        return count == 0
            ? $"{head}, no records and no proof that none exist{alias}"
            : string.Create(CultureInfo.InvariantCulture, $"{head}, {count} record{(count == 1 ? "" : "s")}{alias}");
    }

    /// <summary>A TLSA record as data.</summary>
    public static CheckTlsaRecord Record(TlsaData record, TlsaUsabilityReason? reason = null, string? detail = null)
    {
        var hex = Convert.ToHexString(record.CertificateAssociationData);
        return new CheckTlsaRecord
        {
            Usage = (byte)record.Usage,
            Selector = (byte)record.Selector,
            MatchingType = (byte)record.MatchingType,
            Data = hex,
            Text = record.ToString(),
            UsageName = (byte)record.Usage <= 3 ? record.Usage.ToMnemonic() : ((byte)record.Usage).ToString(CultureInfo.InvariantCulture),
            UnusableReason = reason,
            UnusableDetail = detail,
        };
    }

    /// <summary>A probe result as data.</summary>
    public static CheckProbe Probe(SmtpProbeResult result, CheckProbeStatus status)
    {
        var failure = result.Failure;
        return new CheckProbe
        {
            Mode = result.Mode,
            Status = status,
            ServerName = result.ServerName,
            Greeting = result.Greeting?.FirstLine,
            Capabilities = result.Capabilities,
            UsedHelo = result.UsedHelo,
            StartTlsOffered = result.StartTlsOffered,
            StartTlsReply = result.StartTlsReply?.FirstLine,
            TlsEstablished = result.TlsEstablished,
            TlsVersion = result.TlsProtocolName,
            CipherSuite = result.CipherSuite?.ToString(),
            CapabilitiesAfterTls = result.CapabilitiesAfterTls,
            Failure = failure is null ? null : new CheckProbeFailure(failure.Kind, failure.Step, failure.Message),
            StalledStep = status == CheckProbeStatus.Indeterminate ? failure?.Step ?? SmtpProbeStep.Connect : null,
            Transcript = result.Transcript.Lines.Select(l => l.ToString()).ToArray(),
            Elapsed = result.Elapsed,
        };
    }

    /// <summary>How far a probe got.</summary>
    public static CheckProbeStatus Classify(SmtpProbeResult result)
    {
        if (result.TlsEstablished)
        {
            return CheckProbeStatus.TlsEstablished;
        }

        return result.Failure?.Kind switch
        {
            SmtpProbeFailureKind.StartTlsNotOffered or SmtpProbeFailureKind.StartTlsRejected => CheckProbeStatus.NoStartTls,
            SmtpProbeFailureKind.TlsHandshakeFailed => CheckProbeStatus.TlsFailed,

            // Everything else (connect errors, stalls, timeouts, refusals before STARTTLS, protocol violations, limits, and
            // kinds added later) gives no conclusion about TLS.
            _ => CheckProbeStatus.Indeterminate,
        };
    }

    /// <summary>A served certificate as data.</summary>
    public static CheckCertificate Certificate(X509Certificate2 certificate, int depth, DateTimeOffset now)
    {
        var spki = SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo());
        var spkiHex = Convert.ToHexString(spki);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var names = new List<string>();
        var isCa = false;
        foreach (var extension in certificate.Extensions)
        {
            try
            {
                if (extension is X509SubjectAlternativeNameExtension san)
                {
                    names.AddRange(san.EnumerateDnsNames());
                }
                else if (extension is X509BasicConstraintsExtension bc)
                {
                    isCa = bc.CertificateAuthority;
                }
            }
            catch (CryptographicException)
            {
                // A malformed extension is shown as absent; the matcher reports what it means.
            }
        }

        return new CheckCertificate
        {
            Depth = depth,
            Subject = certificate.Subject,
            Issuer = certificate.Issuer,
            SerialNumber = certificate.SerialNumber,
            NotBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            NotAfter = notAfter,
            Expired = now > notAfter,
            DnsNames = names,
            IsCa = isCa,
            SelfIssued = certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData),
            KeyAlgorithm = KeyAlgorithm(certificate),
            SpkiSha256 = spkiHex,
            CertificateSha256 = Convert.ToHexString(SHA256.HashData(certificate.RawData)),
            TlsaRecord = $"{(depth == 0 ? 3 : 2)} 1 1 {spkiHex}",
            Der = Convert.ToBase64String(certificate.RawData),
        };
    }

    private static string KeyAlgorithm(X509Certificate2 certificate)
    {
        var oid = certificate.PublicKey.Oid.Value;
        try
        {
            switch (oid)
            {
                case "1.2.840.113549.1.1.1":
                {
                    using var rsa = certificate.GetRSAPublicKey();
                    return rsa is null ? "RSA" : string.Create(CultureInfo.InvariantCulture, $"RSA {rsa.KeySize}");
                }

                case "1.2.840.10045.2.1":
                {
                    using var ec = certificate.GetECDsaPublicKey();
                    var curve = ec?.ExportParameters(false).Curve.Oid;
                    var name = curve?.Value switch
                    {
                        "1.2.840.10045.3.1.7" => "P-256",
                        "1.3.132.0.34" => "P-384",
                        "1.3.132.0.35" => "P-521",
                        _ => curve?.FriendlyName ?? curve?.Value ?? "unknown curve",
                    };
                    return $"ECDSA {name}";
                }

                case "1.3.101.112":
                    return "Ed25519";
                case "1.3.101.113":
                    return "Ed448";
            }
        }
        catch (CryptographicException)
        {
            // Fall through to the OID.
        }

        return certificate.PublicKey.Oid.FriendlyName ?? oid ?? "unknown";
    }

    /// <summary>A match result as data.</summary>
    public static CheckMatch Match(DaneMatchResult result) => new()
    {
        Outcome = result.Outcome,
        MatchedRecord = result.MatchedRecord is { } m ? Record(m) : null,
        MatchedDepth = result.MatchedDepth,
        Summary = result.Summary,
        Failures = result.Failures.Select(Failure).ToArray(),
        NearestMiss = result.NearestMiss is { } n ? Failure(n) : null,
    };

    private static CheckMatchFailure Failure(DaneMatchFailure f) => new(Record(f.Record), f.Reason, f.Detail, f.MatchedDepth);
}
