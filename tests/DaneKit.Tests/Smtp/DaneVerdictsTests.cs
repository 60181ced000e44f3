using DaneKit.Smtp;

namespace DaneKit.Tests.Smtp;

/// <summary>
/// The verdict vocabulary: wire names from testbed/CONTRACT.md and the worst-first aggregation order
/// (RFC 7672: a sender may reach any MX host or address, so a domain is as good as its worst one).
/// </summary>
public sealed class DaneVerdictsTests
{
    /// <summary>Every verdict with its wire name, written out from the contract.</summary>
    public static TheoryData<DaneVerdict, string> WireNames => new()
    {
        { DaneVerdict.Authenticated, "authenticated" },
        { DaneVerdict.AuthenticatedInsecureMx, "authenticated-insecure-mx" },
        { DaneVerdict.DaneFail, "dane-fail" },
        { DaneVerdict.Deferred, "deferred" },
        { DaneVerdict.EncryptedUnauthenticated, "encrypted-unauthenticated" },
        { DaneVerdict.Opportunistic, "opportunistic" },
        { DaneVerdict.NoMail, "no-mail" },
        { DaneVerdict.NoTls, "no-tls" },
    };

    [Theory]
    [MemberData(nameof(WireNames))]
    public void WireNameRoundTrips(DaneVerdict verdict, string wireName)
    {
        Assert.Equal(wireName, verdict.ToWireName());
        Assert.True(DaneVerdicts.TryParse(wireName, out var parsed));
        Assert.Equal(verdict, parsed);
    }

    [Fact]
    public void EveryVerdictHasAWireName()
    {
        var named = WireNames.Select(row => (DaneVerdict)row[0]).ToHashSet();
        Assert.Equal(Enum.GetValues<DaneVerdict>().ToHashSet(), named);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Authenticated")]
    [InlineData("DANE-FAIL")]
    [InlineData(" deferred")]
    [InlineData("deferred ")]
    [InlineData("dane_fail")]
    [InlineData("authenticated-insecure")]
    [InlineData("verified")]
    [InlineData("trusted")]
    [InlineData("none")]
    [InlineData("6")]
    public void UnknownWireNamesAreRejected(string? wireName)
    {
        Assert.False(DaneVerdicts.TryParse(wireName, out _));
    }

    [Fact]
    public void ToWireNameRejectsUndefinedValues()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((DaneVerdict)99).ToWireName());
    }

    [Fact]
    public void SeverityFollowsTheWorstFirstOrderAndNoMailRanksBelowAll()
    {
        DaneVerdict[] worstFirst =
        [
            DaneVerdict.DaneFail,
            DaneVerdict.Deferred,
            DaneVerdict.NoTls,
            DaneVerdict.EncryptedUnauthenticated,
            DaneVerdict.Opportunistic,
            DaneVerdict.AuthenticatedInsecureMx,
            DaneVerdict.Authenticated,
            DaneVerdict.NoMail,
        ];

        for (var i = 1; i < worstFirst.Length; i++)
        {
            Assert.True(
                DaneVerdicts.Severity(worstFirst[i - 1]) > DaneVerdicts.Severity(worstFirst[i]),
                $"{worstFirst[i - 1]} must rank worse than {worstFirst[i]}");
        }
    }

    /// <summary>Inputs and the expected worst verdict.</summary>
    public static TheoryData<DaneVerdict[], DaneVerdict> WorstCases => new()
    {
        { [DaneVerdict.Authenticated], DaneVerdict.Authenticated },
        { [DaneVerdict.Authenticated, DaneVerdict.AuthenticatedInsecureMx], DaneVerdict.AuthenticatedInsecureMx },
        { [DaneVerdict.Authenticated, DaneVerdict.Opportunistic, DaneVerdict.AuthenticatedInsecureMx], DaneVerdict.Opportunistic },
        { [DaneVerdict.Opportunistic, DaneVerdict.EncryptedUnauthenticated], DaneVerdict.EncryptedUnauthenticated },
        { [DaneVerdict.NoTls, DaneVerdict.EncryptedUnauthenticated], DaneVerdict.NoTls },
        { [DaneVerdict.NoTls, DaneVerdict.Deferred], DaneVerdict.Deferred },
        { [DaneVerdict.Authenticated, DaneVerdict.Deferred, DaneVerdict.EncryptedUnauthenticated], DaneVerdict.Deferred },
        { [DaneVerdict.Deferred, DaneVerdict.DaneFail, DaneVerdict.Authenticated], DaneVerdict.DaneFail },
        { [DaneVerdict.Authenticated, DaneVerdict.Authenticated, DaneVerdict.DaneFail], DaneVerdict.DaneFail },
        { [DaneVerdict.NoMail], DaneVerdict.NoMail },
        { [DaneVerdict.NoMail, DaneVerdict.NoMail], DaneVerdict.NoMail },
        { [DaneVerdict.NoMail, DaneVerdict.Authenticated], DaneVerdict.Authenticated },
        { [DaneVerdict.Opportunistic, DaneVerdict.NoMail], DaneVerdict.Opportunistic },
        { [DaneVerdict.NoMail, DaneVerdict.DaneFail, DaneVerdict.NoMail], DaneVerdict.DaneFail },
    };

    [Theory]
    [MemberData(nameof(WorstCases))]
    public void WorstPicksByTheDocumentedOrderInAnyInputOrder(DaneVerdict[] verdicts, DaneVerdict expected)
    {
        Assert.Equal(expected, DaneVerdicts.Worst(verdicts));
        Assert.Equal(expected, DaneVerdicts.Worst(verdicts.Reverse()));
    }

    [Fact]
    public void WorstOfNothingThrows()
    {
        var error = Assert.Throws<ArgumentException>(() => DaneVerdicts.Worst([]));
        Assert.Equal("verdicts", error.ParamName);
    }

    [Fact]
    public void WorstOfNullThrows()
    {
        Assert.Throws<ArgumentNullException>(() => DaneVerdicts.Worst(null!));
    }
}
