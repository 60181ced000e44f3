using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DaneKit.Diagnostics;

namespace DaneKit.MtaSts;

/// <summary>The outcome of fetching and parsing a policy.</summary>
public sealed record MtaStsFetchResult
{
    /// <summary>The policy URL, <c>https://mta-sts.DOMAIN/.well-known/mta-sts.txt</c>.</summary>
    public required Uri PolicyUrl { get; init; }

    /// <summary>The HTTP status, when a response came.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The Content-Type header as served, when a response came.</summary>
    public string? ContentType { get; init; }

    /// <summary>The body as text, when it was read whole within the cap and decoded as UTF-8.</summary>
    public string? Body { get; init; }

    /// <summary>The parse of the body, when the fetch succeeded.</summary>
    public MtaStsPolicyParseResult? Parsed { get; init; }

    /// <summary>What was found: fetch errors, then the policy parser's findings.</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>The valid policy, or null when the fetch failed or the policy is invalid.</summary>
    public MtaStsPolicy? Policy => Parsed?.Policy;
}

/// <summary>
/// Fetches the MTA-STS policy of a Policy Domain over HTTPS (RFC 8461 3.3): GET
/// <c>https://mta-sts.DOMAIN/.well-known/mta-sts.txt</c>, WebPKI validation of <c>mta-sts.DOMAIN</c> (with optional
/// extra roots), no redirects, no HTTP cache, status 200 and media type <c>text/plain</c> only, the body read
/// incrementally up to a cap, every step under a deadline. Each failure is a finding with the reason.
/// </summary>
public sealed class MtaStsPolicyFetcher
{
    private readonly MtaStsFetchOptions _options;

    /// <summary>Makes a fetcher.</summary>
    /// <param name="options">Limits and trust; null for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive.</exception>
    public MtaStsPolicyFetcher(MtaStsFetchOptions? options = null)
    {
        _options = options ?? new MtaStsFetchOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxBodyBytes, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.Timeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.ConnectTimeout, TimeSpan.Zero, nameof(options));
    }

    /// <summary>The policy host of a Policy Domain: <c>mta-sts.</c> prepended (RFC 8461 3.2).</summary>
    /// <param name="policyDomain">The Policy Domain, e.g. <c>example.com</c>.</param>
    /// <returns>E.g. <c>mta-sts.example.com</c>.</returns>
    public static string PolicyHost(string policyDomain)
    {
        ArgumentNullException.ThrowIfNull(policyDomain);
        return "mta-sts." + policyDomain.TrimEnd('.');
    }

    /// <summary>The policy URL of a Policy Domain (RFC 8461 3.3).</summary>
    /// <param name="policyDomain">The Policy Domain.</param>
    /// <returns>E.g. <c>https://mta-sts.example.com/.well-known/mta-sts.txt</c>.</returns>
    public static Uri PolicyUrl(string policyDomain) => new($"https://{PolicyHost(policyDomain)}/.well-known/mta-sts.txt");

    /// <summary>Fetches and parses the policy of <paramref name="policyDomain"/>.</summary>
    /// <param name="policyDomain">The Policy Domain, e.g. <c>example.com</c>.</param>
    /// <param name="cancellationToken">Cancels the fetch (an <see cref="OperationCanceledException"/>; a timeout is a finding instead).</param>
    /// <returns>The result, with findings for every failure.</returns>
    public async Task<MtaStsFetchResult> FetchAsync(string policyDomain, CancellationToken cancellationToken = default)
    {
        var host = PolicyHost(policyDomain);
        var url = PolicyUrl(policyDomain);
        var subject = url.ToString();
        string? certificateProblem = null;

        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = _options.ConnectTimeout,
            SslOptions = new SslClientAuthenticationOptions
            {
                TargetHost = host,
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    certificateProblem = CertificateProblem(host, certificate, chain, errors);
                    return certificateProblem is null;
                },
            },
        };
        if (_options.ConnectTo is { } endPoint)
        {
            handler.ConnectCallback = (_, token) => ConnectAsync(endPoint, token);
        }

        using var client = new HttpClient(handler, disposeHandler: false) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        using var deadline = new CancellationTokenSource(_options.Timeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, url) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower };
        request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true, NoStore = true };

        Finding Error(string code, string message, params FindingEvidence[] evidence) => MtaStsFindings.Create(code, subject, message, evidence);

        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var contentType = response.Content.Headers.ContentType?.ToString();
            MtaStsFetchResult Failed(Finding finding) => new() { PolicyUrl = url, StatusCode = status, ContentType = contentType, Findings = [finding] };

            if (status is >= 300 and < 400)
            {
                var location = response.Headers.Location?.ToString() ?? "(none)";
                return Failed(Error(MtaStsFindings.FetchRedirect, $"The policy URL answered {status} redirecting to {location}; redirects are not followed.",
                    new FindingEvidence("status", status.ToString(System.Globalization.CultureInfo.InvariantCulture)), new FindingEvidence("location", location)));
            }

            if (status != 200)
            {
                return Failed(Error(MtaStsFindings.FetchHttpStatus, $"The policy URL answered {status} {response.ReasonPhrase}, not 200 OK.",
                    new FindingEvidence("status", status.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (!string.Equals(mediaType, "text/plain", StringComparison.OrdinalIgnoreCase))
            {
                return Failed(Error(MtaStsFindings.FetchContentType, $"The policy is served as {contentType ?? "(no Content-Type)"}, not text/plain.",
                    new FindingEvidence("Content-Type", contentType ?? "(none)")));
            }

            if (response.Content.Headers.ContentLength > _options.MaxBodyBytes)
            {
                return Failed(TooLarge(response.Content.Headers.ContentLength.Value));
            }

            var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[_options.MaxBodyBytes + 1];
                var length = 0;
                while (length < buffer.Length)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(length), linked.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }

                if (length > _options.MaxBodyBytes)
                {
                    return Failed(TooLarge(null));
                }

                string body;
                try
                {
                    body = new UTF8Encoding(false, true).GetString(buffer, 0, length);
                }
                catch (DecoderFallbackException e)
                {
                    return Failed(Error(MtaStsFindings.PolicySyntax, "The policy body is not valid UTF-8: " + e.Message));
                }

                if (body.StartsWith('\uFEFF'))
                {
                    body = body[1..]; // a byte order mark is not part of the policy
                }

                var parsed = MtaStsPolicyParser.Parse(subject, body);
                return new() { PolicyUrl = url, StatusCode = status, ContentType = contentType, Body = body, Parsed = parsed, Findings = parsed.Findings };
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new() { PolicyUrl = url, Findings = [Error(MtaStsFindings.FetchTimeout, "The policy fetch did not complete in time.")] };
        }
        catch (HttpRequestException e) when (certificateProblem is not null || e.InnerException is AuthenticationException)
        {
            return new()
            {
                PolicyUrl = url,
                Findings = [Error(MtaStsFindings.FetchCertificate, $"The certificate of {host} is not valid: {certificateProblem ?? e.InnerException?.Message ?? e.Message}.",
                    new FindingEvidence("reason", certificateProblem ?? e.Message))],
            };
        }
        catch (HttpRequestException e) when (IsTimeout(e))
        {
            return new() { PolicyUrl = url, Findings = [Error(MtaStsFindings.FetchTimeout, "The connection to the policy host did not complete in time: " + e.Message)] };
        }
        catch (HttpRequestException e)
        {
            return new()
            {
                PolicyUrl = url,
                Findings = [Error(MtaStsFindings.FetchConnect, $"Could not fetch the policy from {host}: {Innermost(e).Message}",
                    new FindingEvidence("error", Innermost(e).Message))],
            };
        }
        catch (IOException e)
        {
            return new() { PolicyUrl = url, Findings = [Error(MtaStsFindings.FetchConnect, "The connection broke while reading the policy: " + e.Message)] };
        }

        Finding TooLarge(long? declared) => Error(MtaStsFindings.FetchTooLarge,
            declared is { } d
                ? $"The policy body is {d} bytes (Content-Length), over the {_options.MaxBodyBytes}-byte limit."
                : $"The policy body is over the {_options.MaxBodyBytes}-byte limit; reading stopped there.");
    }

    private string? CertificateProblem(string host, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return null;
        }

        if (certificate is not X509Certificate2 leaf || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "the server sent no certificate";
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return $"the certificate ({leaf.Subject}) is not valid for {host} (name mismatch)";
        }

        if (_options.CustomRoots is not { Count: > 0 } roots)
        {
            return "untrusted: " + Statuses(chain);
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.VerificationTime = _options.TimeProvider.GetUtcNow().UtcDateTime;
        custom.ChainPolicy.VerificationTimeIgnored = false;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return custom.Build(leaf) ? null : "untrusted (system roots and the custom roots): " + Statuses(custom);
    }

    private static string Statuses(X509Chain? chain) =>
        chain is null || chain.ChainStatus.Length == 0
            ? "chain could not be built"
            : string.Join("; ", chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}").Distinct(StringComparer.Ordinal));

    private static bool IsTimeout(HttpRequestException e) =>
        Innermost(e) is TimeoutException or SocketException { SocketErrorCode: SocketError.TimedOut };

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    private static async ValueTask<Stream> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
