using DaneKit.Dns;
using DaneKit.Reporting;
using DaneKit.Smtp;

namespace DaneKit.Survey;

/// <summary>Checks one domain for a scan: a <see cref="DaneChecker"/>'s <see cref="DaneChecker.CheckAsync(DnsName, CancellationToken)"/>, or a fake in tests.</summary>
/// <param name="domain">The domain, absolute, lower case.</param>
/// <param name="cancellationToken">Cancels the check.</param>
/// <returns>The result.</returns>
public delegate Task<DaneCheckResult> SurveyCheck(DnsName domain, CancellationToken cancellationToken);

/// <summary>How a scan ended.</summary>
public enum SurveyOutcome
{
    /// <summary>Every input line was handled.</summary>
    Completed,

    /// <summary>Cancelled (Ctrl-C): no new domains were started, the ones in flight were abandoned; the output is resumable.</summary>
    Interrupted,

    /// <summary>Writing the output failed; the output is resumable up to its last complete line.</summary>
    OutputFailed,

    /// <summary>Reading the input failed.</summary>
    InputFailed,
}

/// <summary>
/// <c>danekit scan</c>'s engine: reads domains one a line, checks at most <see cref="Concurrency"/> at once and appends each
/// result to the output as it finishes (docs/scan.md). Memory does not grow with the input: the input is streamed, each
/// result is written and dropped, and only a <see cref="DomainSet"/> (8 bytes of hash a domain) and the bounded
/// <see cref="SurveyTally"/> are kept.
/// </summary>
/// <param name="check">Checks one domain (sharing the validator and prober across calls is the caller's).</param>
/// <param name="concurrency">Domains checked at once (at least 1).</param>
public sealed class SurveyScanner(SurveyCheck check, int concurrency)
{
    private readonly SurveyCheck _check = check ?? throw new ArgumentNullException(nameof(check));
    private long _inFlight;

    /// <summary>Domains checked at once.</summary>
    public int Concurrency { get; } = Math.Max(1, concurrency);

    /// <summary>The running counts.</summary>
    public SurveyTally Tally { get; } = new();

    /// <summary>The domains (and bad lines) done or taken: the output's, then the input's.</summary>
    public DomainSet Seen { get; } = new();

    /// <summary>Domains being checked now.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>The output, once opened (for its counts).</summary>
    public SurveyOutput? Output { get; private set; }

    /// <summary>Why the scan failed (<see cref="SurveyOutcome.OutputFailed"/> or <see cref="SurveyOutcome.InputFailed"/>), or <see langword="null"/>.</summary>
    public string? Problem { get; private set; }

    /// <summary>
    /// Runs the scan: opens (and resumes) <paramref name="outputPath"/>, then reads <paramref name="input"/> to its end.
    /// Blank lines and lines starting with <c>#</c> are skipped; a line that is not a domain name gives an error record;
    /// a domain already done (in the output) or already in the input is not checked again.
    /// </summary>
    /// <param name="input">The domains, one a line.</param>
    /// <param name="outputPath">The JSON Lines output, appended to.</param>
    /// <param name="cancellationToken">Interrupts the scan (Ctrl-C).</param>
    /// <returns>How it ended.</returns>
    /// <exception cref="IOException">The output cannot be opened or read.</exception>
    /// <exception cref="UnauthorizedAccessException">The output cannot be opened for writing.</exception>
    public async Task<SurveyOutcome> RunAsync(TextReader input, string outputPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(outputPath);
        var output = await SurveyOutput.OpenAsync(outputPath, Seen, cancellationToken).ConfigureAwait(false);
        Output = output;
        await using (output.ConfigureAwait(false))
        {
            for (var i = 0; i < output.ResumedLines; i++)
            {
                Tally.AlreadyDone();
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var slots = new SemaphoreSlim(Concurrency, Concurrency);
            var outcome = SurveyOutcome.Completed;
            long lineNumber = 0;
            try
            {
                while (await ReadLineAsync(input, stop.Token).ConfigureAwait(false) is { } line)
                {
                    lineNumber++;
                    Tally.Line();
                    var text = line.Trim();
                    if (text.Length == 0 || text[0] == '#')
                    {
                        Tally.Skip();
                        continue;
                    }

                    if (!DomainNames.TryNormalize(text, out var parsed, out var problem))
                    {
                        if (!Seen.Add(SurveyJson.ErrorKey(text)))
                        {
                            Tally.Duplicate();
                            continue;
                        }

                        Tally.Bad();
                        await output.WriteLineAsync(SurveyJson.ErrorLine(text, problem!, lineNumber), stop.Token).ConfigureAwait(false);
                        continue;
                    }

                    var domain = parsed!.ToCanonical();
                    if (!Seen.Add(domain.ToString()))
                    {
                        Tally.Duplicate();
                        continue;
                    }

                    await slots.WaitAsync(stop.Token).ConfigureAwait(false);
                    Interlocked.Increment(ref _inFlight);
                    _ = CheckOneAsync(domain, output, slots, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                outcome = SurveyOutcome.Interrupted;
            }
            catch (InputException e)
            {
                Problem = $"reading the input: {e.InnerException!.Message}";
                outcome = SurveyOutcome.InputFailed;
                await stop.CancelAsync().ConfigureAwait(false);
            }
            catch (IOException e) when (Problem is null)
            {
                Problem = $"{outputPath}: {e.Message}";
                outcome = SurveyOutcome.OutputFailed;
                await stop.CancelAsync().ConfigureAwait(false);
            }

            // Wait for the checks in flight (abandoned at once when stopped: their results are not written).
            for (var i = 0; i < Concurrency; i++)
            {
                await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            if (Problem is not null)
            {
                return outcome == SurveyOutcome.Interrupted ? SurveyOutcome.OutputFailed : outcome;
            }

            return cancellationToken.IsCancellationRequested ? SurveyOutcome.Interrupted : outcome;
        }
    }

    /// <summary>
    /// The next line; cancellation stops the wait even when the reader does not observe it (a console stream blocks
    /// until a line arrives). A read error is an <see cref="InputException"/>.
    /// </summary>
    private static async Task<string?> ReadLineAsync(TextReader input, CancellationToken ct)
    {
        try
        {
            return await input.ReadLineAsync(ct).AsTask().WaitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
        {
            throw new InputException(e);
        }
    }

    private async Task CheckOneAsync(DnsName domain, SurveyOutput output, SemaphoreSlim slots, CancellationTokenSource stop)
    {
        try
        {
            // Off the reading loop at once: the check's synchronous start must not hold up the next line.
            await Task.Yield();
            byte[] line;
            try
            {
                var result = await _check(domain, stop.Token).ConfigureAwait(false);
                line = SurveyJson.ResultLine(result, CheckExitCodes.For(result.Verdict));
                Tally.Add(result);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a check that fails unexpectedly is that domain's error record, never the end of the scan
            catch (Exception e)
#pragma warning restore CA1031
            {
                Tally.Failure();
                line = SurveyJson.ErrorLine(domain.ToString(), $"check failed: {e.GetType().Name}: {e.Message}", null);
            }

            await output.WriteLineAsync(line, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped while waiting to write: not written, so the resume checks it again.
        }
        catch (IOException e)
        {
            lock (stop)
            {
                Problem ??= $"{output.Path}: {e.Message}";
            }

            await stop.CancelAsync().ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            slots.Release();
        }
    }
}

/// <summary>Reading the input failed (wraps the cause).</summary>
/// <param name="inner">The cause.</param>
internal sealed class InputException(Exception inner) : Exception(inner.Message, inner);
