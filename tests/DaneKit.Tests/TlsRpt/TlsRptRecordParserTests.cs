using DaneKit.Diagnostics;
using DaneKit.TlsRpt;

namespace DaneKit.Tests.TlsRpt;

/// <summary>RFC 8460 section 3: the TLS-RPT policy record at <c>_smtp._tls.DOMAIN</c>.</summary>
public sealed class TlsRptRecordParserTests
{
    [Fact]
    public void ValidRecordWithMailtoAndHttpsIsParsed()
    {
        var result = TlsRptRecordParser.Parse([["v=TLSRPTv1; rua=mailto:tlsrpt@example.com, https://reports.example.com/tlsrpt"]]);
        Assert.True(result.IsValid);
        Assert.Empty(result.Findings);
        Assert.Equal(["mailto:tlsrpt@example.com", "https://reports.example.com/tlsrpt"], result.Record!.ReportUris.Select(u => u.OriginalString));
    }

    [Fact]
    public void StringsOfOneTxtRecordAreJoined()
    {
        var result = TlsRptRecordParser.Parse([["v=TLSRPTv1;rua=mailto:tls", "rpt@example.com;"]]);
        Assert.True(result.IsValid);
        Assert.Equal("mailto:tlsrpt@example.com", result.Record!.ReportUris[0].OriginalString);
    }

    [Theory]
    [InlineData("rua=mailto:a@example.com; v=TLSRPTv1", "TLSRPT-VERSION-MISPLACED")]
    [InlineData("v=tlsrptv1; rua=mailto:a@example.com", "TLSRPT-VERSION-INVALID")]
    [InlineData("rua=mailto:a@example.com", "TLSRPT-VERSION-MISSING")]
    [InlineData("v=TLSRPTv1", "TLSRPT-RUA-MISSING")]
    [InlineData("v=TLSRPTv1; rua=", "TLSRPT-RUA-MISSING")]
    [InlineData("v=TLSRPTv1; rua=http://reports.example.com/", "TLSRPT-RUA-SCHEME")]
    [InlineData("v=TLSRPTv1; rua=ftp://reports.example.com/", "TLSRPT-RUA-SCHEME")]
    [InlineData("v=TLSRPTv1; rua=mailto:", "TLSRPT-RUA-INVALID")]
    [InlineData("v=TLSRPTv1; rua=not a uri", "TLSRPT-RUA-INVALID")]
    [InlineData("v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com", "TLSRPT-RUA-DUPLICATE")]
    [InlineData("v=TLSRPTv1; rua=mailto:a@example.com;; x=y", "TLSRPT-FIELD-SYNTAX")]
    [InlineData("v=TLSRPTv1; RUA=mailto:a@example.com", "TLSRPT-FIELD-SYNTAX")]
    public void EachErrorHasItsCode(string text, string code)
    {
        var result = TlsRptRecordParser.ParseRecord(text);
        var finding = Assert.Single(result.Findings, f => f.Code == code);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal("RFC 8460 3", finding.Rfc);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void RecordsNotBeginningWithTheVersionAreDiscarded()
    {
        var result = TlsRptRecordParser.Parse([["v=spf1 -all"], ["v=TLSRPTv1; rua=mailto:a@example.com"]]);
        Assert.True(result.IsValid);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void TwoRecordsMeanNoTlsRpt()
    {
        var result = TlsRptRecordParser.Parse([["v=TLSRPTv1; rua=mailto:a@example.com"], ["v=TLSRPTv1; rua=mailto:b@example.com"]]);
        Assert.Null(result.Record);
        Assert.Equal("TLSRPT-RECORD-MULTIPLE", result.Findings[0].Code);
    }

    [Fact]
    public void NoRecordIsReported()
    {
        var result = TlsRptRecordParser.Parse([["v=spf1 -all"]]);
        Assert.Null(result.Record);
        Assert.Equal("TLSRPT-RECORD-MISSING", Assert.Single(result.Findings).Code);
    }

    [Fact]
    public void MisspelledVersionRecordIsNamedWhenDiscarded()
    {
        var result = TlsRptRecordParser.Parse([["v=TLSRPTv2; rua=mailto:a@example.com"]]);
        Assert.Null(result.Record);
        Assert.Contains(result.Findings, f => f.Code == "TLSRPT-VERSION-INVALID");
    }

    [Fact]
    public void UnknownExtensionIsInfoAndKept()
    {
        var result = TlsRptRecordParser.ParseRecord("v=TLSRPTv1; rua=https://r.example.com/; ext=1");
        Assert.True(result.IsValid);
        Assert.Equal(FindingSeverity.Info, Assert.Single(result.Findings).Severity);
        Assert.Equal("ext", Assert.Single(result.Record!.Extensions).Key);
    }

    [Fact]
    public void OneBadUriAmongGoodOnesIsAnErrorButTheGoodOnesAreKept()
    {
        var result = TlsRptRecordParser.ParseRecord("v=TLSRPTv1; rua=mailto:a@example.com,http://r.example.com/");
        Assert.False(result.IsValid);
        Assert.Single(result.Record!.ReportUris);
    }
}
