using System.Globalization;
using System.Net;
using System.Text;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Reporting;
using DaneKit.Rollover;
using DaneKit.Smtp;
using DaneKit.Tests.CheckCli;
using static DaneKit.Tests.Rollover.RolloverHosts;

namespace DaneKit.Tests.Rollover;

/// <summary>
/// <see cref="RolloverMonitorHistory.FirstSeenAsync"/> against a fake monitor that serves <c>/api/v1/domains/{d}/history</c>
/// (newest first) and <c>/api/v1/checks/{id}</c> (real <c>danekit check --json</c> documents, written by
/// <see cref="CheckJson"/>): first seen is the oldest check of the unbroken run of Secure checks holding the record.
/// </summary>
public sealed class RolloverMonitorHistoryTests
{
    private static readonly Uri Monitor = new("https://monitor.example/");

    private static readonly TlsaData A = Fill(0xAA);
    private static readonly TlsaData B = Fill(0xBB);
    private static readonly TlsaData C = Fill(0xCC);

    private static readonly DateTimeOffset T1 = new(2026, 11, 29, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T3 = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T4 = new(2026, 11, 29, 11, 0, 0, TimeSpan.Zero);

    private static TlsaData Fill(byte b) => new(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, Enumerable.Repeat(b, 32).ToArray());

    /// <summary>A stored check document in which mx.example.com. has these usable records with this TLSA status.</summary>
    private static string CheckDocument(SecurityStatus status, params TlsaData[] usable)
    {
        var tlsa = SecureTlsa(usable) with { Status = status };
        var sample = CheckSamples.WithVerdict(DaneVerdict.Authenticated);
        return CheckJson.Write(sample with { Hosts = [MxHost(tlsa)] }, 0);
    }

    private static string History(params (long Id, DateTimeOffset StartedAt)[] checks) =>
        "{\"domain\": \"example.com\", \"checks\": ["
        + string.Join(", ", checks.Select(c => string.Create(CultureInfo.InvariantCulture,
            $"{{\"id\": {c.Id}, \"domain\": \"example.com\", \"startedAt\": \"{c.StartedAt:yyyy-MM-ddTHH:mm:ssK}\", \"elapsedSeconds\": 1.5, \"verdict\": \"authenticated\", \"exitCode\": 0, \"mtaSts\": null, \"errors\": 0, \"warnings\": 0, \"infos\": 0}}")))
        + "]}";

    /// <summary>Four checks, newest first: 4 {A,B,C}, 3 {A,B}, 2 {A,C}, 1 {A}.</summary>
    private static FakeMonitor FourChecks()
    {
        var monitor = new FakeMonitor();
        monitor.Add("/api/v1/domains/example.com/history", History((4, T4), (3, T3), (2, T2), (1, T1)));
        monitor.Add("/api/v1/checks/4", CheckDocument(SecurityStatus.Secure, A, B, C));
        monitor.Add("/api/v1/checks/3", CheckDocument(SecurityStatus.Secure, A, B));
        monitor.Add("/api/v1/checks/2", CheckDocument(SecurityStatus.Secure, A, C));
        monitor.Add("/api/v1/checks/1", CheckDocument(SecurityStatus.Secure, A));
        return monitor;
    }

    private static async Task<(IReadOnlyDictionary<string, DateTimeOffset> FirstSeen, string? Problem)> Read(FakeMonitor monitor, string? token = null,
        Uri? baseUri = null, string domain = "example.com", string host = "mx.example.com.", CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient(monitor);
        return await RolloverMonitorHistory.FirstSeenAsync(baseUri ?? Monitor, domain, host, token, http, cancellationToken);
    }

    [Fact]
    public async Task AResponseOverTheClientsLimitIsAProblemNotAnException()
    {
        // The command's own client caps a response at MaxResponseBytes; the whole body is read under that cap.
        var monitor = new FakeMonitor();
        monitor.Add("/api/v1/domains/example.com/history", History((1, T1)) + new string(' ', 4096));
        using var http = new HttpClient(monitor) { MaxResponseContentBufferSize = 1024 };

        var (seen, problem) = await RolloverMonitorHistory.FirstSeenAsync(Monitor, "example.com", "mx.example.com.", null, http, default);

        Assert.Empty(seen);
        Assert.NotNull(problem);
        Assert.StartsWith("the monitor's history could not be read", problem, StringComparison.Ordinal);
        Assert.True(RolloverMonitorHistory.MaxResponseBytes >= 1024 * 1024);
    }

    [Fact]
    public async Task FirstSeenIsTheOldestCheckOfTheUnbrokenRun()
    {
        var (seen, problem) = await Read(FourChecks());

        Assert.Null(problem);
        // A is in every check; B since check 3 (missing in 2); C is in 4 and 2 but not 3, so its run starts at 4.
        Assert.Equal(T1, seen[A.ToString()]);
        Assert.Equal(T3, seen[B.ToString()]);
        Assert.Equal(T4, seen[C.ToString()]);
        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public async Task LookupIgnoresHexCase()
    {
        var (seen, _) = await Read(FourChecks());

        Assert.Equal(T1, seen[A.ToString().ToLowerInvariant()]);
    }

    [Fact]
    public async Task ARecordNotInTheNewestCheckIsNotReported()
    {
        var monitor = new FakeMonitor();
        monitor.Add("/api/v1/domains/example.com/history", History((2, T2), (1, T1)));
        monitor.Add("/api/v1/checks/2", CheckDocument(SecurityStatus.Secure, A));
        monitor.Add("/api/v1/checks/1", CheckDocument(SecurityStatus.Secure, A, B));

        var (seen, problem) = await Read(monitor);

        Assert.Null(problem);
        Assert.Equal(T1, seen[A.ToString()]);
        Assert.False(seen.ContainsKey(B.ToString()));
    }

    [Theory]
    [InlineData(SecurityStatus.Bogus)]
    [InlineData(SecurityStatus.Indeterminate)]
    [InlineData(SecurityStatus.Insecure)]
    public async Task ANonSecureCheckBreaksTheRun(SecurityStatus status)
    {
        var monitor = new FakeMonitor();
        monitor.Add("/api/v1/domains/example.com/history", History((3, T3), (2, T2), (1, T1)));
        monitor.Add("/api/v1/checks/3", CheckDocument(SecurityStatus.Secure, A));
        // The records were listed, but not validated: they do not count, and nothing older does either.
        monitor.Add("/api/v1/checks/2", CheckDocument(status, A));
        monitor.Add("/api/v1/checks/1", CheckDocument(SecurityStatus.Secure, A));

        var (seen, problem) = await Read(monitor);

        Assert.Null(problem);
        Assert.Equal(T3, seen[A.ToString()]);
        Assert.DoesNotContain("/api/v1/checks/1", monitor.Paths);
    }

    [Fact]
    public async Task TheReadStopsOnceEveryRunHasEnded()
    {
        var monitor = new FakeMonitor();
        monitor.Add("/api/v1/domains/example.com/history", History((3, T3), (2, T2), (1, T1)));
        monitor.Add("/api/v1/checks/3", CheckDocument(SecurityStatus.Secure, A));
        monitor.Add("/api/v1/checks/2", CheckDocument(SecurityStatus.Secure, B));

        var (seen, problem) = await Read(monitor);

        Assert.Null(problem);
        Assert.Equal(T3, seen[A.ToString()]);
        Assert.Single(seen);
        Assert.Equal(["/api/v1/domains/example.com/history", "/api/v1/checks/3", "/api/v1/checks/2"], monitor.Paths);
    }

    [Fact]
    public async Task OnlyTheNamedHostCounts()
    {
        var sample = CheckSamples.WithVerdict(DaneVerdict.Authenticated);
        var other = CheckJson.Write(sample with { Hosts = [MxHost(SecureTlsa([A])) with { Name = "mx2.example.com." }] }, 0);
        var monitor = new FakeMonitor();
        monitor.Add("/api/v1/domains/example.com/history", History((2, T2), (1, T1)));
        monitor.Add("/api/v1/checks/2", CheckDocument(SecurityStatus.Secure, A));
        monitor.Add("/api/v1/checks/1", other);

        var (seen, problem) = await Read(monitor);

        Assert.Null(problem);
        Assert.Equal(T2, seen[A.ToString()]);
    }

    [Fact]
    public async Task HostNameWithoutTheFinalDotOrInOtherCaseIsTheSameHost()
    {
        var (seen, problem) = await Read(FourChecks(), host: "MX.Example.COM");

        Assert.Null(problem);
        Assert.Equal(T1, seen[A.ToString()]);
    }

    [Fact]
    public async Task TheRequestsUseTheDomainWithoutItsDotAndTheMonitorsPath()
    {
        var monitor = new FakeMonitor();
        monitor.Add("/danekit/api/v1/domains/example.com/history", History((1, T1)));
        monitor.Add("/danekit/api/v1/checks/1", CheckDocument(SecurityStatus.Secure, A));

        var (seen, problem) = await Read(monitor, baseUri: new Uri("https://monitor.example/danekit"), domain: "example.com.");

        Assert.Null(problem);
        Assert.Equal(T1, seen[A.ToString()]);
        Assert.Equal($"?limit={RolloverMonitorHistory.MaxChecks}", monitor.Requests[0].Uri.Query);
        Assert.Equal("monitor.example", monitor.Requests[0].Uri.Host);
    }

    [Fact]
    public async Task TheBearerTokenIsSentWithEveryRequestWhenGiven()
    {
        var monitor = FourChecks();

        await Read(monitor, token: "s3cret");

        Assert.Equal(5, monitor.Requests.Count);
        Assert.All(monitor.Requests, r => Assert.Equal("Bearer s3cret", r.Authorization));
    }

    [Fact]
    public async Task NoAuthorizationWithoutAToken()
    {
        var monitor = FourChecks();

        await Read(monitor);

        Assert.All(monitor.Requests, r => Assert.Null(r.Authorization));
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "401")]
    [InlineData(HttpStatusCode.InternalServerError, "500")]
    [InlineData(HttpStatusCode.NotFound, "404")]
    public async Task AnHttpErrorOnTheHistoryIsAProblem(HttpStatusCode status, string code)
    {
        var monitor = new FakeMonitor();
        monitor.Add("/api/v1/domains/example.com/history", "{\"error\": \"no\"}", status);

        var (seen, problem) = await Read(monitor);

        Assert.Empty(seen);
        Assert.NotNull(problem);
        Assert.StartsWith("the monitor's history could not be read: ", problem, StringComparison.Ordinal);
        Assert.Contains("HTTP " + code, problem, StringComparison.Ordinal);
        Assert.Contains("/api/v1/domains/example.com/history", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnHttpErrorOnACheckIsAProblemAndKeepsWhatWasRead()
    {
        var monitor = FourChecks();
        monitor.Add("/api/v1/checks/2", "{\"error\": \"boom\"}", HttpStatusCode.InternalServerError);

        var (seen, problem) = await Read(monitor);

        Assert.NotNull(problem);
        Assert.Contains("HTTP 500", problem, StringComparison.Ordinal);
        // What was read so far is a later (so never too early) first sighting.
        Assert.Equal(T3, seen[A.ToString()]);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"domain\": \"example.com\"}")]
    [InlineData("{\"checks\": {}}")]
    [InlineData("{\"checks\": [{\"id\": 1}]}")]
    [InlineData("{\"checks\": [{\"id\": 1, \"startedAt\": \"last tuesday\"}]}")]
    [InlineData("{\"checks\": [{\"id\": 1, \"startedAt\": 5}]}")]
    public async Task AMalformedHistoryIsAProblem(string body)
    {
        var monitor = new FakeMonitor();
        monitor.Add("/api/v1/domains/example.com/history", body);
        monitor.Add("/api/v1/checks/1", CheckDocument(SecurityStatus.Secure, A));

        var (seen, problem) = await Read(monitor);

        Assert.Empty(seen);
        Assert.NotNull(problem);
        Assert.StartsWith("the monitor's history could not be read: ", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<html>Bad gateway</html>")]
    [InlineData("{\"schemaVersion\": 1}")]
    [InlineData("{\"hosts\": [{\"name\": \"mx.example.com.\"}]}")]
    [InlineData("{\"hosts\": [{\"name\": \"mx.example.com.\", \"tlsa\": {\"status\": \"secure\", \"usable\": 3}}]}")]
    public async Task AMalformedCheckDocumentIsAProblem(string body)
    {
        var monitor = new FakeMonitor();
        monitor.Add("/api/v1/domains/example.com/history", History((1, T1)));
        monitor.Add("/api/v1/checks/1", body);

        var (seen, problem) = await Read(monitor);

        Assert.Empty(seen);
        Assert.NotNull(problem);
    }

    [Fact]
    public async Task AnEmptyHistoryIsNoRecordAndNoProblem()
    {
        var monitor = new FakeMonitor();
        monitor.Add("/api/v1/domains/example.com/history", History());

        var (seen, problem) = await Read(monitor);

        Assert.Empty(seen);
        Assert.Null(problem);
    }

    [Fact]
    public async Task AConnectionFailureIsAProblem()
    {
        var monitor = new FakeMonitor { Failure = new HttpRequestException("Connection refused (monitor.example:443)") };

        var (seen, problem) = await Read(monitor);

        Assert.Empty(seen);
        Assert.Contains("Connection refused", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATimeoutIsAProblem()
    {
        var monitor = new FakeMonitor { Failure = new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 30 seconds elapsing.") };

        var (seen, problem) = await Read(monitor);

        Assert.Empty(seen);
        Assert.NotNull(problem);
    }

    [Fact]
    public async Task CancellationByTheCallerIsNotAProblemButACancellation()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Read(FourChecks(), cancellationToken: cts.Token));
    }

    /// <summary>A monitor's API, path by path; every request is recorded (path, query, Authorization header).</summary>
    private sealed class FakeMonitor : HttpMessageHandler
    {
        private readonly Dictionary<string, (HttpStatusCode Status, string Body)> _responses = new(StringComparer.Ordinal);

        public List<(Uri Uri, string? Authorization)> Requests { get; } = [];

        public IReadOnlyList<string> Paths => Requests.Select(r => r.Uri.AbsolutePath).ToList();

        public Exception? Failure { get; init; }

        public void Add(string path, string body, HttpStatusCode status = HttpStatusCode.OK) => _responses[path] = (status, body);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Assert.Equal(HttpMethod.Get, request.Method);
            Requests.Add((request.RequestUri!, request.Headers.Authorization?.ToString()));
            if (Failure is not null)
            {
                throw Failure;
            }

            var (status, body) = _responses.TryGetValue(request.RequestUri!.AbsolutePath, out var r)
                ? r
                : (HttpStatusCode.NotFound, "{\"error\": \"not found\"}");
            return Task.FromResult(new HttpResponseMessage(status)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
                RequestMessage = request,
            });
        }
    }
}
