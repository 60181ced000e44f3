using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Examples;
using DaneKit.Tls;
using DaneKit.Tlsa;

namespace DaneKit.Tests.Tls;

/// <summary>
/// The DANE validation callback over real TLS on loopback: an in-process server sends leaf + intermediate, the
/// client authenticates with <see cref="DaneCertificateValidator"/>. Grouped by the case of RFC 7672 2.2 and the
/// matching rules of RFC 7672 3.1.
/// </summary>
public sealed class DaneCertificateValidatorTests
{
    private static readonly DaneReferenceNames MxNames = new("mx.example", "mx.example", "example");

    private static readonly DateTimeOffset LeafNotAfter = new(2030, 2, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset AfterLeafExpired = new(2030, 3, 1, 0, 0, 0, TimeSpan.Zero);

    // RFC 7672 3.1.1: DANE-EE matches the leaf only.

    [Fact]
    public async Task DaneEe311MatchCompletesTheHandshakeThroughTheGuidesSslStreamExample()
    {
        using var pki = new TestPki("mx.example", LeafNotAfter);
        var policy = SecurePolicy(pki.DaneEe311());
        await using var server = LoopbackServer.Tls(pki.ServerContext());
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port, server.Token);

        DaneValidationResult? result = null;
        await using var ssl = await LibraryExamples.AuthenticateWithDaneAsync(tcp.GetStream(), policy, r => result = r, server.Token);
        var buffer = new byte[1];
        Assert.Equal(1, await ssl.ReadAsync(buffer, server.Token));
        await server.Served;

        Assert.NotNull(result);
        Assert.Equal(DaneValidationOutcome.Authenticated, result!.Outcome);
        Assert.True(result.Authenticated);
        Assert.Equal(0, result.Match!.MatchedDepth);
        Assert.StartsWith("DANE-EE 3 1 1 matched at depth 0", result.Description, StringComparison.Ordinal);
        Assert.Equal(2, result.ServedCertificates);
        Assert.Equal("CN=mx.example", result.LeafSubject);
    }

    [Fact]
    public async Task DaneEeWrongDigestFailsTheHandshakeAndTheResultSaysWhy()
    {
        using var pki = new TestPki("mx.example", LeafNotAfter);
        var wrong = new TlsaData(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[32]);
        var (error, result) = await HandshakeAsync(pki, SecurePolicy(wrong));

        Assert.IsType<AuthenticationException>(error);
        Assert.Equal(DaneValidationOutcome.Failed, result.Outcome);
        Assert.False(result.Accepted);
        var failure = Assert.Single(result.Match!.Failures);
        Assert.Equal(DaneMatchFailureReason.DigestMismatch, failure.Reason);
        Assert.Contains("no TLSA record matched", result.Description, StringComparison.Ordinal);
        Assert.Contains("CN=mx.example", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DaneEeIgnoresTheLeafsExpiry()
    {
        using var pki = new TestPki("mx.example", LeafNotAfter);
        var (error, result) = await HandshakeAsync(pki, SecurePolicy(pki.DaneEe311()), AfterLeafExpired);

        Assert.Null(error);
        Assert.Equal(DaneValidationOutcome.Authenticated, result.Outcome);
    }

    [Fact]
    public async Task DaneEeIgnoresWebPkiErrorsUntrustedRootAndNameMismatch()
    {
        using var pki = new TestPki("mx.example", LeafNotAfter);

        // The TLSA base domain (and so the SNI name) is not in the certificate, and no root is trusted.
        var names = new DaneReferenceNames("other.example", "other.example", "example");
        var (error, result) = await HandshakeAsync(pki, SecurePolicy(names, pki.DaneEe311()));

        Assert.Null(error);
        Assert.Equal(DaneValidationOutcome.Authenticated, result.Outcome);
        Assert.True(result.PolicyErrors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch), result.PolicyErrors.ToString());
        Assert.True(result.PolicyErrors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors), result.PolicyErrors.ToString());
        Assert.False(result.PolicyErrorsUsed);
        Assert.Contains("WebPKI errors ignored under DANE", result.Description, StringComparison.Ordinal);
    }

    // RFC 7672 3.1.2, 3.2: DANE-TA builds the path from the served chain, checks expiry and the leaf's name.

    [Fact]
    public async Task DaneTa211OnTheServedIntermediateWithTheRightNameSucceeds()
    {
        using var pki = new TestPki("mx.example", LeafNotAfter);
        var (error, result) = await HandshakeAsync(pki, SecurePolicy(pki.DaneTa211()));

        Assert.Null(error);
        Assert.Equal(DaneValidationOutcome.Authenticated, result.Outcome);
        Assert.Equal(1, result.Match!.MatchedDepth);
        Assert.StartsWith("DANE-TA 2 1 1 matched at depth 1", result.Description, StringComparison.Ordinal);

        // WebPKI: the root was never sent nor trusted; DANE-TA does not care.
        Assert.True(result.PolicyErrors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public async Task DaneTaWithTheNextHopDomainAsTheOnlyMatchingNameSucceeds()
    {
        using var pki = new TestPki("example", LeafNotAfter);
        var (error, result) = await HandshakeAsync(pki, SecurePolicy(MxNames, pki.DaneTa211()));

        Assert.Null(error);
        Assert.Equal(DaneValidationOutcome.Authenticated, result.Outcome);
    }

    [Fact]
    public async Task DaneTaWithAWrongNameFails()
    {
        using var pki = new TestPki("www.example", LeafNotAfter);
        var (error, result) = await HandshakeAsync(pki, SecurePolicy(pki.DaneTa211()));

        Assert.IsType<AuthenticationException>(error);
        Assert.Equal(DaneValidationOutcome.Failed, result.Outcome);
        Assert.Equal(DaneMatchFailureReason.NameMismatch, Assert.Single(result.Match!.Failures).Reason);
    }

    [Fact]
    public async Task DaneTaWithAnExpiredLeafFails()
    {
        using var pki = new TestPki("mx.example", LeafNotAfter);
        var (error, result) = await HandshakeAsync(pki, SecurePolicy(pki.DaneTa211()), AfterLeafExpired);

        Assert.IsType<AuthenticationException>(error);
        Assert.Equal(DaneValidationOutcome.Failed, result.Outcome);
        Assert.Equal(DaneMatchFailureReason.Expired, Assert.Single(result.Match!.Failures).Reason);
        Assert.Equal(AfterLeafExpired, result.CheckedAt);
    }

    [Fact]
    public async Task RecordsAreAlternativesAWrongEeAndARightTaAuthenticate()
    {
        using var pki = new TestPki("mx.example", LeafNotAfter);
        var wrong = new TlsaData(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[32]);
        var (error, result) = await HandshakeAsync(pki, SecurePolicy(wrong, pki.DaneTa211()));

        Assert.Null(error);
        Assert.Equal(TlsaUsage.DaneTa, result.Match!.MatchedRecord!.Usage);
        Assert.Equal(DaneMatchFailureReason.DigestMismatch, Assert.Single(result.Match.Failures).Reason);
    }

    // RFC 7672 2.1.1, 2.2: a failed lookup defers; all records unusable means TLS without authentication.

    [Theory]
    [InlineData(SecurityStatus.Bogus)]
    [InlineData(SecurityStatus.Indeterminate)]
    public async Task AFailedLookupRejectsEveryCertificateEvenAMatchingOne(SecurityStatus status)
    {
        using var pki = new TestPki("mx.example", LeafNotAfter);
        var policy = new DaneTlsaPolicy(TlsaRecordSet.Create([pki.DaneEe311()], TlsaContext.Smtp), status, MxNames);
        Assert.Equal(DaneTlsaRequirement.Defer, policy.Requirement);

        var (error, result) = await HandshakeAsync(pki, policy);

        Assert.IsType<AuthenticationException>(error);
        Assert.Equal(DaneValidationOutcome.Deferred, result.Outcome);
        Assert.Null(result.Match);
        Assert.StartsWith("defer:", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllRecordsUnusableAcceptsAnyCertificateAndSaysUnauthenticated()
    {
        using var pki = new TestPki("mx.example", LeafNotAfter);
        var pkixEe = TestPki.Spki256(TlsaUsage.PkixEe, pki.Leaf);
        var shortDigest = new TlsaData(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[31]);
        var policy = SecurePolicy(pkixEe, shortDigest);
        Assert.Equal(DaneTlsaRequirement.NoUsableRecords, policy.Requirement);

        var (error, result) = await HandshakeAsync(pki, policy);

        Assert.Null(error);
        Assert.Equal(DaneValidationOutcome.EncryptedUnauthenticated, result.Outcome);
        Assert.True(result.Accepted);
        Assert.False(result.Authenticated);
        Assert.Contains("unauthenticated", result.Description, StringComparison.Ordinal);
        Assert.Contains("all 2 TLSA records are unusable", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllRecordsUnusableCanBeRefused()
    {
        using var pki = new TestPki("mx.example", LeafNotAfter);
        var policy = SecurePolicy(TestPki.Spki256(TlsaUsage.PkixEe, pki.Leaf));
        var options = new DaneCertificateValidatorOptions { NoUsableRecords = DaneNoUsableRecordsMode.Reject };

        var (error, result) = await HandshakeAsync(pki, policy, options: options);

        Assert.IsType<AuthenticationException>(error);
        Assert.Equal(DaneValidationOutcome.Failed, result.Outcome);
    }

    // RFC 7672 2.2: no Secure TLSA, no DANE; the validator will not pretend otherwise.

    [Fact]
    public void AnInsecureRRsetBuildsNoValidator()
    {
        using var pki = new TestPki("mx.example", LeafNotAfter);
        var policy = new DaneTlsaPolicy(TlsaRecordSet.Create([pki.DaneEe311()], TlsaContext.Smtp), SecurityStatus.Insecure, MxNames);
        Assert.Equal(DaneTlsaRequirement.NotApplicable, policy.Requirement);

        var e = Assert.Throws<ArgumentException>(() => new DaneCertificateValidator(policy));
        Assert.Contains("DANE does not apply", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASecureDenialBuildsNoValidator()
    {
        var policy = new DaneTlsaPolicy(TlsaRecordSet.Create([], TlsaContext.Smtp), SecurityStatus.Secure, MxNames);
        Assert.Equal(DaneTlsaRequirement.NotApplicable, policy.Requirement);
        Assert.Throws<ArgumentException>(() => new DaneCertificateValidator(policy));
    }

    [Fact]
    public void NoCertificateFailsWithTheMatchersReason()
    {
        using var pki = new TestPki("mx.example", LeafNotAfter);
        var validator = new DaneCertificateValidator(SecurePolicy(pki.DaneEe311()));

        var result = validator.Evaluate(null, null, SslPolicyErrors.RemoteCertificateNotAvailable);

        Assert.Equal(DaneValidationOutcome.Failed, result.Outcome);
        Assert.Equal(0, result.ServedCertificates);
        Assert.Equal(DaneMatchFailureReason.NoServedChain, Assert.Single(result.Match!.Failures).Reason);
    }

    // Outside SMTP (RFC 6698): with no usable record the client falls back to WebPKI unless told otherwise.

    [Theory]
    [InlineData(SslPolicyErrors.None, DaneValidationOutcome.WebPkiAuthenticated)]
    [InlineData(SslPolicyErrors.RemoteCertificateChainErrors, DaneValidationOutcome.Failed)]
    public void GenericContextWithNoUsableRecordsRequiresWebPkiByDefault(SslPolicyErrors errors, DaneValidationOutcome expected)
    {
        using var pki = new TestPki("mx.example", LeafNotAfter);
        var unknownUsage = new TlsaData((TlsaUsage)4, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[32]);
        var policy = new DaneTlsaPolicy(TlsaRecordSet.Create([unknownUsage], TlsaContext.Generic), SecurityStatus.Secure, MxNames);
        var validator = new DaneCertificateValidator(policy);

        var result = validator.Evaluate(pki.Leaf, null, errors);

        Assert.Equal(expected, result.Outcome);
        Assert.True(result.PolicyErrorsUsed);
    }

    // One validator, many connections: each result goes to its own connection.

    [Fact]
    public async Task OneValidatorServesConcurrentConnectionsEachWithItsOwnResult()
    {
        using var good = new TestPki("mx.example", LeafNotAfter);
        using var other = new TestPki("mx.example", LeafNotAfter);
        var validator = new DaneCertificateValidator(SecurePolicy(good.DaneEe311()));
        var seen = new List<(object? Connection, DaneValidationResult Result)>();
        validator.Validated += (_, e) =>
        {
            lock (seen)
            {
                seen.Add((e.Connection, e.Result));
            }
        };

        var attempts = Enumerable.Range(0, 6).Select(i => HandshakeAsync(i % 2 == 0 ? good : other, validator)).ToArray();
        var outcomes = await Task.WhenAll(attempts);

        for (var i = 0; i < outcomes.Length; i++)
        {
            var (error, result) = outcomes[i];
            if (i % 2 == 0)
            {
                Assert.Null(error);
                Assert.Equal(DaneValidationOutcome.Authenticated, result.Outcome);
            }
            else
            {
                Assert.IsType<AuthenticationException>(error);
                Assert.Equal(DaneValidationOutcome.Failed, result.Outcome);
            }
        }

        Assert.Equal(6, seen.Count);
        Assert.All(seen, s => Assert.IsType<SslStream>(s.Connection));
        Assert.Equal(6, seen.Select(s => s.Connection).Distinct().Count());
    }

    private static DaneTlsaPolicy SecurePolicy(params TlsaData[] records) => SecurePolicy(MxNames, records);

    private static DaneTlsaPolicy SecurePolicy(DaneReferenceNames names, params TlsaData[] records) =>
        new(TlsaRecordSet.Create(records, TlsaContext.Smtp), SecurityStatus.Secure, names);

    private static Task<(Exception? Error, DaneValidationResult Result)> HandshakeAsync(
        TestPki pki, DaneTlsaPolicy policy, DateTimeOffset? now = null, DaneCertificateValidatorOptions? options = null)
    {
        options ??= new DaneCertificateValidatorOptions();
        options = options with { TimeProvider = new PinnedTimeProvider(now ?? TestPki.Inside) };
        return HandshakeAsync(pki, new DaneCertificateValidator(policy, options));
    }

    /// <summary>One client handshake against a server sending the PKI's leaf + intermediate; the error, if any, and the result.</summary>
    private static async Task<(Exception? Error, DaneValidationResult Result)> HandshakeAsync(TestPki pki, DaneCertificateValidator validator)
    {
        await using var server = LoopbackServer.Tls(pki.ServerContext());
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port, server.Token);
        await using var ssl = new SslStream(tcp.GetStream(), false);
        DaneValidationResult? result = null;
        Exception? error = null;
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = validator.Policy.Names.TlsaBaseDomain,
                RemoteCertificateValidationCallback = validator.CreateCallback(r => result = r),
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, server.Token);
            var buffer = new byte[1];
            Assert.Equal(1, await ssl.ReadAsync(buffer, server.Token));
        }
        catch (AuthenticationException e)
        {
            error = e;
        }

        Assert.NotNull(result);
        return (error, result!);
    }
}
