using DaneKit.Dns;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Records;

namespace DaneKit.Tests.Dns;

/// <summary>One row of Data/Records/vectors.tsv: RDATA in presentation form and its hand-checked wire form.</summary>
/// <param name="Type">The record type.</param>
/// <param name="Presentation">The RDATA text, origin the root.</param>
/// <param name="WireHex">The expected RDATA octets.</param>
/// <param name="Source">Where the vector comes from.</param>
public sealed record RecordVector(DnsType Type, string Presentation, string WireHex, string Source)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Type.ToText()} {Presentation[..Math.Min(40, Presentation.Length)]} ({Source})";
}

/// <summary>Test data for the record and zone-file tests, read from the source tree (no copy step).</summary>
public static class RecordsTestData
{
    /// <summary>tests/DaneKit.Tests/Data.</summary>
    public static string DataDirectory { get; } = FindData();

    /// <summary>The rows of Data/Records/vectors.tsv.</summary>
    public static IReadOnlyList<RecordVector> Vectors { get; } = LoadVectors();

    /// <summary>The vectors for a theory.</summary>
    public static TheoryData<RecordVector> VectorData
    {
        get
        {
            var data = new TheoryData<RecordVector>();
            foreach (var v in Vectors)
            {
                data.Add(v);
            }

            return data;
        }
    }

    /// <summary>Parses RDATA text of a type with origin <paramref name="origin"/> (the root by default).</summary>
    public static DnsRecordData Parse(DnsType type, string text, string? origin = null) =>
        RecordDataCodec.Parse(type, RdataTextReader.FromText(text, origin is null ? null : DnsName.Parse(origin)));

    /// <summary>Parses RDATA text of a type named by its mnemonic.</summary>
    public static DnsRecordData Parse(string type, string text) =>
        Parse(DnsTypes.TryParse(type, out var t) ? t : throw new ArgumentException(type, nameof(type)), text);

    private static List<RecordVector> LoadVectors()
    {
        var list = new List<RecordVector>();
        foreach (var line in File.ReadAllLines(Path.Combine(DataDirectory, "Records", "vectors.tsv")))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var f = line.Split('\t');
            if (!DnsTypes.TryParse(f[0], out var type))
            {
                throw new InvalidDataException($"bad type in vectors.tsv: {f[0]}");
            }

            list.Add(new RecordVector(type, f[1], f[2], f[3]));
        }

        return list;
    }

    private static string FindData() => TestData.Directory;
}
