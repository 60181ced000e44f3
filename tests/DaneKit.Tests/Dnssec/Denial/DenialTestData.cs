using DaneKit.Dns;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Records;

namespace DaneKit.Tests.Dnssec.Denial;

/// <summary>Loads the denial-of-existence cases under Data/Dnssec/Denial and rewrites NSEC3 parameters for the limit cases.</summary>
internal static class DenialTestData
{
    public static DnsName Example { get; } = DnsName.Parse("example.");

    /// <summary>The records of one case file, e.g. <c>Rfc5155/b1-name-error.zone</c>.</summary>
    public static IReadOnlyList<DnsResourceRecord> Load(string file)
    {
        var path = TestData.Path("Dnssec", "Denial", file);
        return new ZoneFileParser().ParseText(File.ReadAllText(path), path);
    }

    /// <summary>The records with the NSEC3 fields replaced where given.</summary>
    public static IReadOnlyList<DnsResourceRecord> WithNsec3(IEnumerable<DnsResourceRecord> records,
        byte? hashAlgorithm = null, byte? flags = null, ushort? iterations = null) =>
        records.Select(r => r.Data is Nsec3Data d
            ? r with
            {
                Data = new Nsec3Data(hashAlgorithm ?? d.HashAlgorithm, flags ?? d.Flags, iterations ?? d.Iterations,
                    d.Salt, d.NextHashedOwnerName, d.TypeBitmap),
            }
            : r).ToList();

    /// <summary>The records without those whose owner name starts with <paramref name="ownerPrefix"/>.</summary>
    public static IReadOnlyList<DnsResourceRecord> Without(IEnumerable<DnsResourceRecord> records, string ownerPrefix) =>
        records.Where(r => !r.Name.ToString().StartsWith(ownerPrefix, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Reasons joined for assertion messages.</summary>
    public static string Explain(DaneKit.Dnssec.Denial.DenialProof proof) => proof + "\n  " + string.Join("\n  ", proof.Reasons);
}
