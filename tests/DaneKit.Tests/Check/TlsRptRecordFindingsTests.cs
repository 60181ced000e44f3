using DaneKit.Diagnostics;
using DaneKit.TlsRpt;

namespace DaneKit.Tests.Check;

/// <summary>The TLS-RPT record findings of <c>danekit check</c>: every code the record parser gives has a title and a fix.</summary>
public sealed class TlsRptRecordFindingsTests
{
    /// <summary>Record sets, the records separated by " &lt;&gt; "; "(none)" for no record.</summary>
    public static TheoryData<string> BadRecordSets() => new()
    {
        "(none)",
        "v=spf1 -all",
        "v=TLSRPTv1; rua=mailto:a@example.com <> v=TLSRPTv1; rua=mailto:b@example.com",
        "v=TLSRPTv2; rua=mailto:a@example.com",
        "rua=mailto:a@example.com; v=TLSRPTv1",
        "v=TLSRPTv1;; rua=mailto:a@example.com",
        "v=TLSRPTv1; RUA=mailto:a@example.com",
        "v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com",
        "v=TLSRPTv1",
        "v=TLSRPTv1; rua=",
        "v=TLSRPTv1; rua=not a uri",
        "v=TLSRPTv1; rua=http://reports.example.com/",
        "v=TLSRPTv1; rua=mailto:a@example.com; colour=blue",
        "v=TLSRPTv1; rua=mailto:a@example.com; v=TLSRPTv1",
    };

    [Theory]
    [MemberData(nameof(BadRecordSets))]
    public void EveryParserCodeHasATitleAndAFix(string recordSet)
    {
        var records = recordSet == "(none)" ? [] : recordSet.Split(" <> ");
        var parsed = TlsRptRecordParser.Parse(records.Select(r => (IReadOnlyList<string>)[r]));
        Assert.NotEmpty(parsed.Findings);
        foreach (var f in parsed.Findings)
        {
            Assert.Contains(TlsRptRecordFindings.All, d => d.Code == f.Code);
            var finding = TlsRptRecordFindings.ToFinding(f, "_smtp._tls.example.com", []);
            Assert.False(string.IsNullOrWhiteSpace(finding.Remediation.Text));
            Assert.StartsWith("RFC 8460", finding.Rfc, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AMissingRecordIsInformationNotAnError()
    {
        var parsed = TlsRptRecordParser.Parse([]);
        var finding = TlsRptRecordFindings.ToFinding(Assert.Single(parsed.Findings), "_smtp._tls.example.com", []);
        Assert.Equal("TLSRPT-RECORD-MISSING", finding.Code);
        Assert.Equal(FindingSeverity.Info, finding.Severity);
    }
}
