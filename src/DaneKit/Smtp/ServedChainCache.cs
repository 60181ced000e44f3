using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DaneKit.Smtp;

/// <summary>
/// The served chain of a probe, parsed once: the probe describes it in the transcript, and the check (once per domain
/// that uses the probe: a scan or the monitor shares one probe of an MX address among many domains) matches it and
/// reports it. Keyed by the very list of DER octets the probe recorded (<see cref="SmtpProbeResult.ServedCertificates"/>),
/// held weakly, so the parsed certificates live as long as the result.
/// </summary>
internal static class ServedChainCache
{
    private static readonly ConditionalWeakTable<IReadOnlyList<ReadOnlyMemory<byte>>, Parsed> Table = new();

    /// <summary>The chain as parsed: the evidence of each readable certificate (its <c>Expired</c> flag is worked out by the caller), the certificates, and the first that could not be read.</summary>
    /// <param name="Data">The evidence, one per readable certificate, with its depth.</param>
    /// <param name="Chain">The readable certificates, in served order; shared, never disposed by a user.</param>
    /// <param name="Problem">Why a certificate could not be read, for the first one that could not.</param>
    internal sealed record Parsed(IReadOnlyList<CheckCertificate> Data, IReadOnlyList<X509Certificate2> Chain, string? Problem);

    public static Parsed Get(IReadOnlyList<ReadOnlyMemory<byte>> served) => Table.GetValue(served, static s => Load(s));

    private static Parsed Load(IReadOnlyList<ReadOnlyMemory<byte>> served)
    {
        var data = new List<CheckCertificate>(served.Count);
        var chain = new List<X509Certificate2>(served.Count);
        string? problem = null;
        for (var i = 0; i < served.Count; i++)
        {
            try
            {
                var certificate = X509CertificateLoader.LoadCertificate(served[i].Span);
                chain.Add(certificate);
                data.Add(CheckEvidence.Certificate(certificate, i, DateTimeOffset.MinValue));
            }
            catch (CryptographicException e)
            {
                problem ??= string.Create(CultureInfo.InvariantCulture, $"the certificate in position {i} of the served chain cannot be read: {e.Message}");
            }
        }

        return new Parsed(data, chain, problem);
    }
}
