using System.IO.Compression;
using System.Text;
using DaneKit.TlsRpt;
using DaneKit.Web.Security;
using DaneKit.Web.Storage;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace DaneKit.Web.Api;

/// <summary>
/// <c>POST /tlsrpt</c>: the HTTPS report submission of RFC 8460 5.2 (the <c>https:</c> rua of a TLS-RPT record points
/// here). Anonymous, as the RFC has it; limited per client (rate), in size (compressed and decompressed) and in
/// concurrency. Each report is read whole by <see cref="TlsRptReportReader"/> and stored, or refused with the reason.
/// </summary>
public static class TlsRptIngestion
{
    /// <summary>The largest body accepted (compressed or not).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>The largest decompressed report accepted (a gzip bomb stops here).</summary>
    public const int MaxDecompressedBytes = 10 * 1024 * 1024;

    /// <summary>The media type of a gzip-compressed report (RFC 8460 6.5).</summary>
    public const string GzipMediaType = "application/tlsrpt+gzip";

    /// <summary>The media type of a plain JSON report (RFC 8460 6.4).</summary>
    public const string JsonMediaType = "application/tlsrpt+json";

    private static readonly TlsRptReaderOptions ReaderOptions = new() { MaxInputBytes = MaxDecompressedBytes, MaxDecompressedBytes = MaxDecompressedBytes };

    /// <summary>Reports read at once; further submissions wait briefly, then get 429.</summary>
    private static readonly SemaphoreSlim Concurrency = new(4, 4);

    internal static void Map(WebApplication app)
    {
        app.MapPost("/tlsrpt", IngestAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(SecurityServices.TlsRptRateLimit)
            .WithTags("TLS-RPT")
            .WithName("SubmitTlsRptReport")
            .WithSummary("Receives an aggregate TLS report (RFC 8460 5.2): Content-Type application/tlsrpt+gzip or application/tlsrpt+json; 201 when stored, 200 when already stored.")
            // No Accepts metadata: it would make routing pass a POST of another type to the TLS-RPT page at the same path;
            // the handler answers 415 itself. The request body is described for OpenAPI here instead.
            .AddOpenApiOperationTransformer((operation, context, cancellationToken) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "One aggregate report (RFC 8460 4.4), gzip-compressed or plain JSON.",
                    Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                    {
                        [GzipMediaType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                        [JsonMediaType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } },
                    },
                };
                return Task.CompletedTask;
            })
            .Produces<TlsRptAccepted>(StatusCodes.Status201Created)
            .Produces<TlsRptAccepted>()
            .Produces<TlsRptRejection>(StatusCodes.Status400BadRequest)
            .Produces<TlsRptRejection>(StatusCodes.Status413PayloadTooLarge)
            .Produces<ApiError>(StatusCodes.Status415UnsupportedMediaType)
            .Produces<ApiError>(StatusCodes.Status429TooManyRequests);
    }

    private static async Task<IResult> IngestAsync(HttpContext context, IMonitorStore store, MonitorMetrics metrics, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            || !(type.MediaType.Equals(GzipMediaType, StringComparison.OrdinalIgnoreCase) || type.MediaType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase)))
        {
            return ApiResults.Error(StatusCodes.Status415UnsupportedMediaType,
                $"a TLS report is posted as {GzipMediaType} or {JsonMediaType} (RFC 8460 5.2)");
        }

        var gzip = type.MediaType.Equals(GzipMediaType, StringComparison.OrdinalIgnoreCase);
        if (!await Concurrency.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false))
        {
            context.Response.Headers.RetryAfter = "60";
            return ApiResults.Error(StatusCodes.Status429TooManyRequests, "too many reports at once; try again later");
        }

        try
        {
            var (body, tooLarge) = await ApiEndpoints.ReadBodyAsync(context.Request, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
            if (tooLarge)
            {
                return Rejected(metrics, StatusCodes.Status413PayloadTooLarge, "TLSRPT-REPORT-TOO-LARGE", "RFC 8460 5.2", $"the body is over {MaxBodyBytes} bytes");
            }

            byte[] json;
            if (gzip)
            {
                var (decompressed, status, code, message) = Decompress(body);
                if (decompressed is null)
                {
                    return Rejected(metrics, status, code, "RFC 8460 5.3", message);
                }

                json = decompressed;
            }
            else
            {
                json = body;
            }

            if (!StartsAsJsonObject(json))
            {
                return Rejected(metrics, StatusCodes.Status400BadRequest, "TLSRPT-REPORT-JSON-INVALID", "RFC 8460 4.4",
                    gzip ? "the gzip data does not hold a JSON object" : "the body is not a JSON object");
            }

            var read = TlsRptReportReader.Read(json, "https", ReaderOptions);
            if (read.Report is not { } report)
            {
                var rejection = read.Rejection!;
                var status = rejection.Code is "TLSRPT-REPORT-TOO-LARGE" or "TLSRPT-GZIP-TOO-LARGE" ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
                return Rejected(metrics, status, rejection.Code, rejection.Rfc, rejection.Message);
            }

            var domains = report.Policies
                .Select(p => MonitorCommandLine.TryDomain(p.Policy.PolicyDomain, out var name) ? name : null)
                .OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
            long successes = 0, failures = 0;
            foreach (var policy in report.Policies)
            {
                successes = SaturatingAdd(successes, policy.TotalSuccessfulSessionCount);
                failures = SaturatingAdd(failures, policy.TotalFailureSessionCount);
            }

            var text = Encoding.UTF8.GetString(json.AsSpan(json.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0));
            var (id, added) = await store.SaveTlsRptReportAsync(new NewTlsRptReport(time.GetUtcNow(), report.OrganizationName, report.ReportId, domains,
                report.StartDateTime, report.EndDateTime, successes, failures, report.Warnings.Count, text), cancellationToken).ConfigureAwait(false);
            metrics.RecordTlsRptReport(added ? "added" : "duplicate");
            var answer = new TlsRptAccepted(id, added, report.OrganizationName, report.ReportId, domains,
                report.Warnings.Select(w => new TlsRptWarningView(w.Code, w.Rfc, w.Message)).ToArray());
            return ApiResults.Json(answer, added ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        }
        finally
        {
            Concurrency.Release();
        }
    }

    private static IResult Rejected(MonitorMetrics metrics, int status, string code, string rfc, string message)
    {
        metrics.RecordTlsRptReport("rejected");
        return ApiResults.Json(new TlsRptRejection($"{code}: {message} ({rfc})", code, rfc), status);
    }

    /// <summary>Decompresses gzip data, stopping at <see cref="MaxDecompressedBytes"/>.</summary>
    private static (byte[]? Data, int Status, string Code, string Message) Decompress(byte[] body)
    {
        if (body.Length < 2 || body[0] != 0x1F || body[1] != 0x8B)
        {
            return (null, StatusCodes.Status400BadRequest, "TLSRPT-GZIP-INVALID", $"the body is not gzip data, as {GzipMediaType} says");
        }

        try
        {
            using var input = new MemoryStream(body, writable: false);
            using var stream = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > MaxDecompressedBytes)
                {
                    return (null, StatusCodes.Status413PayloadTooLarge, "TLSRPT-GZIP-TOO-LARGE",
                        $"the gzip data decompresses to more than {MaxDecompressedBytes} bytes (a gzip bomb?); rejected unread");
                }

                output.Write(buffer, 0, read);
            }

            return output.Length == 0
                ? (null, StatusCodes.Status400BadRequest, "TLSRPT-GZIP-INVALID", "the gzip data decompresses to nothing")
                : (output.ToArray(), 0, "", "");
        }
        catch (InvalidDataException)
        {
            return (null, StatusCodes.Status400BadRequest, "TLSRPT-GZIP-INVALID", "the gzip data is corrupt or truncated");
        }
    }

    private static bool StartsAsJsonObject(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith("\uFEFF"u8))
        {
            data = data[3..];
        }

        var i = 0;
        while (i < data.Length && data[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i < data.Length && data[i] == (byte)'{';
    }

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
