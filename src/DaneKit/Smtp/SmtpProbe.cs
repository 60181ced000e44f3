using System.ComponentModel;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;
using DaneKit.Tls;

namespace DaneKit.Smtp;

/// <summary>
/// Probes one address of a mail server as a DANE sender would reach it: TCP connect, the 220 greeting, EHLO (HELO
/// after a 5xx, RFC 5321 3.2), STARTTLS when offered (RFC 3207), a TLS handshake with SNI set to the given server
/// name, EHLO again over TLS, QUIT. It records the certificates exactly as served, the TLS version and cipher suite
/// and a transcript. <see cref="ProbeImplicitTlsAsync"/> does the TLS part alone, right after connecting.
/// </summary>
/// <remarks>
/// <para>
/// Server misbehaviour never throws: every failure, a refused connection, a 554 greeting, a missing STARTTLS, a
/// handshake alert, a stalled or trickling server, a line of 10 MB, an endless multiline reply, a chain of 200
/// certificates, comes back as <see cref="SmtpProbeResult.Failure"/> with its kind and the step. Only cancellation by
/// the caller throws (<see cref="OperationCanceledException"/>). The connection is closed on every path.
/// </para>
/// <para>
/// Every step has a deadline and the probe an overall one, all taken from the <see cref="TimeProvider"/>; each reply
/// has a deadline as a whole, so a server that sends one byte at a time cannot hold the probe. Lines, lines per
/// reply, bytes over the connection, and the certificates of the chain (their number and their total size) are
/// bounded (<see cref="SmtpProbeOptions"/>, dane-rules 20), and so is the transcript: memory stays bounded whatever
/// the server sends.
/// </para>
/// <para>
/// TLS: certificates are accepted whatever .NET thinks of them (DANE matching is not .NET's job), and .NET never
/// downloads a certificate or checks revocation (<see cref="ServedChainCapture"/>).
/// </para>
/// </remarks>
public sealed class SmtpProbe
{
    private readonly TimeProvider _time;

    /// <summary>Creates a probe.</summary>
    /// <param name="options">Limits and deadlines; the defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for deadlines and transcript times; the system clock when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An option is out of range, or the client name is not a single printable token.</exception>
    public SmtpProbe(SmtpProbeOptions? options = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? new SmtpProbeOptions();
        _time = timeProvider ?? TimeProvider.System;
        CheckOptions(Options);
    }

    /// <summary>The options in use.</summary>
    public SmtpProbeOptions Options { get; }

    /// <summary>Probes an SMTP server: greeting, EHLO, STARTTLS, TLS handshake, EHLO, QUIT.</summary>
    /// <param name="endpoint">The address and port, usually 25.</param>
    /// <param name="serverName">The SNI name: the TLSA base domain, i.e. the MX host after CNAME expansion (RFC 7672 8.1).</param>
    /// <param name="cancellationToken">Cancels the probe; then it throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>What the probe saw, and the failure when a step failed.</returns>
    public Task<SmtpProbeResult> ProbeStartTlsAsync(IPEndPoint endpoint, string serverName, CancellationToken cancellationToken = default) =>
        ProbeAsync(endpoint, serverName, SmtpProbeMode.StartTls, cancellationToken);

    /// <summary>Connects and does the TLS handshake at once, without SMTP (e.g. HTTPS on 443).</summary>
    /// <param name="endpoint">The address and port.</param>
    /// <param name="serverName">The SNI name.</param>
    /// <param name="cancellationToken">Cancels the probe; then it throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>What the probe saw, and the failure when a step failed.</returns>
    public Task<SmtpProbeResult> ProbeImplicitTlsAsync(IPEndPoint endpoint, string serverName, CancellationToken cancellationToken = default) =>
        ProbeAsync(endpoint, serverName, SmtpProbeMode.ImplicitTls, cancellationToken);

    /// <summary>Probes in the given mode.</summary>
    /// <param name="endpoint">The address and port.</param>
    /// <param name="serverName">The SNI name.</param>
    /// <param name="mode">STARTTLS or implicit TLS.</param>
    /// <param name="cancellationToken">Cancels the probe; then it throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>What the probe saw, and the failure when a step failed.</returns>
    public async Task<SmtpProbeResult> ProbeAsync(IPEndPoint endpoint, string serverName, SmtpProbeMode mode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(serverName);
        var session = new Session(this, endpoint, serverName, mode, cancellationToken);
        await using (session.ConfigureAwait(false))
        {
            await session.RunAsync().ConfigureAwait(false);
        }

        return session.ToResult();
    }

    private static void CheckOptions(SmtpProbeOptions o)
    {
        foreach (var (name, value) in new[]
        {
            (nameof(o.ConnectTimeout), o.ConnectTimeout), (nameof(o.ReplyTimeout), o.ReplyTimeout),
            (nameof(o.TlsHandshakeTimeout), o.TlsHandshakeTimeout), (nameof(o.QuitTimeout), o.QuitTimeout),
            (nameof(o.OverallTimeout), o.OverallTimeout),
        })
        {
            if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1))
            {
                throw new ArgumentException($"{name} must be more than zero and at most a day", nameof(o));
            }
        }

        if (o.MaxReplyLineLength < SmtpProbeOptions.Rfc5321ReplyLineLength - 2 || o.MaxReplyLines < 1 || o.MaxBytesRead < 1024)
        {
            throw new ArgumentException("MaxReplyLineLength must be at least 510, MaxReplyLines at least 1, MaxBytesRead at least 1024", nameof(o));
        }

        if (o.MaxChainCertificates is < 1 or > ServedChain.MaxCertificates || o.MaxChainBytes < 1024)
        {
            throw new ArgumentException(
                $"MaxChainCertificates must be 1 to {ServedChain.MaxCertificates}, MaxChainBytes at least 1024", nameof(o));
        }

        if (string.IsNullOrEmpty(o.ClientName) || o.ClientName.Any(c => c is <= ' ' or > '~'))
        {
            throw new ArgumentException("ClientName must be a domain name or address literal of printable ASCII, without spaces", nameof(o));
        }
    }

    /// <summary>A step failed; carries the failure to the top of the session.</summary>
    private sealed class ProbeStoppedException(SmtpProbeFailure failure) : Exception(failure.Message)
    {
        public SmtpProbeFailure Failure { get; } = failure;
    }

    /// <summary>One probe: the connection, its state and the evidence collected so far.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private readonly SmtpProbeOptions _options;
        private readonly TimeProvider _time;
        private readonly IPEndPoint _endpoint;
        private readonly string _serverName;
        private readonly SmtpProbeMode _mode;
        private readonly CancellationToken _caller;
        private readonly CancellationTokenSource _overall;
        private readonly long _started;
        private readonly SmtpTranscript _transcript = new();

        private Socket? _socket;
        private ProbeStream? _network;
        private SslStream? _ssl;
        private ServedChainCapture? _capture;
        private Stream? _current;
        private SmtpLineReader? _reader;

        private SmtpReply? _greeting;
        private SmtpReply? _ehlo;
        private SmtpReply? _helo;
        private SmtpReply? _startTls;
        private SmtpReply? _ehloAfterTls;
        private IReadOnlyList<ReadOnlyMemory<byte>> _served = [];
        private bool _tlsEstablished;
        private SslProtocols? _protocol;
        private TlsCipherSuite? _cipher;
        private SmtpProbeFailure? _failure;
        private TimeSpan _elapsed;

        public Session(SmtpProbe probe, IPEndPoint endpoint, string serverName, SmtpProbeMode mode, CancellationToken caller)
        {
            _options = probe.Options;
            _time = probe._time;
            _endpoint = endpoint;
            _serverName = serverName;
            _mode = mode;
            _caller = caller;
            _started = _time.GetTimestamp();
            _overall = new CancellationTokenSource(_options.OverallTimeout, _time);
        }

        private TimeSpan Elapsed => _time.GetElapsedTime(_started);

        public async Task RunAsync()
        {
            try
            {
                await ConnectAsync().ConfigureAwait(false);
                if (_mode == SmtpProbeMode.ImplicitTls)
                {
                    await HandshakeAsync().ConfigureAwait(false);
                    return;
                }

                await SmtpAsync().ConfigureAwait(false);
            }
            catch (ProbeStoppedException e)
            {
                _failure = e.Failure;
                Event($"probe stopped: {e.Failure.Message}");
            }
            finally
            {
                _elapsed = Elapsed;
            }
        }

        public SmtpProbeResult ToResult()
        {
            var capabilities = Extensions(_ehlo);
            return new()
            {
                Mode = _mode,
                Endpoint = _endpoint,
                ServerName = _serverName,
                Greeting = _greeting,
                EhloReply = _ehlo,
                UsedHelo = _helo is not null,
                HeloReply = _helo,
                Capabilities = capabilities,
                StartTlsOffered = capabilities.Any(IsStartTls),
                StartTlsReply = _startTls,
                TlsEstablished = _tlsEstablished,
                ServedCertificates = _served,
                TlsProtocol = _protocol,
                CipherSuite = _cipher,
                EhloReplyAfterTls = _ehloAfterTls,
                CapabilitiesAfterTls = Extensions(_ehloAfterTls),
                Failure = _failure,
                Transcript = _transcript,
                Elapsed = _elapsed,
                BytesReceived = _network?.BytesRead ?? 0,
            };
        }

        public async ValueTask DisposeAsync()
        {
            if (_ssl is not null)
            {
                await _ssl.DisposeAsync().ConfigureAwait(false);
            }

            if (_network is not null)
            {
                await _network.DisposeAsync().ConfigureAwait(false);
            }

            _socket?.Dispose();
            _overall.Dispose();
        }

        private async Task SmtpAsync()
        {
            _greeting = await StepAsync(SmtpProbeStep.Greeting, _options.ReplyTimeout, t => ReadReplyAsync(SmtpProbeStep.Greeting, t)).ConfigureAwait(false);
            if (_greeting.Code != 220)
            {
                var what = _greeting.IsTransientNegative || _greeting.IsPermanentNegative
                    ? "the server refuses service" : "the greeting is not 220";
                throw await StopAfterQuitAsync(SmtpProbeFailureKind.GreetingRejected, SmtpProbeStep.Greeting, $"greeting rejected: {what}: {_greeting.FirstLine}", _greeting)
                    .ConfigureAwait(false);
            }

            _ehlo = await CommandAsync(SmtpProbeStep.Ehlo, "EHLO " + _options.ClientName).ConfigureAwait(false);
            if (!_ehlo.IsPositiveCompletion)
            {
                if (!_ehlo.IsPermanentNegative)
                {
                    throw await StopAfterQuitAsync(SmtpProbeFailureKind.EhloRejected, SmtpProbeStep.Ehlo, $"EHLO rejected: {_ehlo.FirstLine}", _ehlo)
                        .ConfigureAwait(false);
                }

                // RFC 5321 3.2: a server that does not support EHLO answers 5xx; the client falls back to HELO, which has
                // no extensions, so no STARTTLS.
                _helo = await CommandAsync(SmtpProbeStep.Helo, "HELO " + _options.ClientName).ConfigureAwait(false);
                if (!_helo.IsPositiveCompletion)
                {
                    throw await StopAfterQuitAsync(SmtpProbeFailureKind.EhloRejected, SmtpProbeStep.Helo,
                        $"EHLO rejected: {_ehlo.FirstLine}; HELO rejected too: {_helo.FirstLine}", _helo).ConfigureAwait(false);
                }

                throw await StopAfterQuitAsync(SmtpProbeFailureKind.StartTlsNotOffered, SmtpProbeStep.Helo,
                    $"STARTTLS not offered: EHLO was rejected ({_ehlo.FirstLine}) and HELO has no extensions", _ehlo).ConfigureAwait(false);
            }

            var extensions = Extensions(_ehlo);
            if (!extensions.Any(IsStartTls))
            {
                var listed = extensions.Length == 0 ? "no extensions" : string.Join(", ", extensions.Select(e => e.Split(' ', 2)[0]));
                throw await StopAfterQuitAsync(SmtpProbeFailureKind.StartTlsNotOffered, SmtpProbeStep.Ehlo,
                    $"STARTTLS not offered (EHLO lists {listed})", _ehlo).ConfigureAwait(false);
            }

            _startTls = await CommandAsync(SmtpProbeStep.StartTls, "STARTTLS").ConfigureAwait(false);
            if (_startTls.Code != 220)
            {
                throw await StopAfterQuitAsync(SmtpProbeFailureKind.StartTlsRejected, SmtpProbeStep.StartTls, $"STARTTLS rejected: {_startTls.FirstLine}", _startTls)
                    .ConfigureAwait(false);
            }

            if (_reader!.BufferedCount > 0)
            {
                // Whatever arrives before the handshake is plaintext that an attacker could have injected (the
                // STARTTLS command injection class, CVE-2011-0411 and kin); it is never read as part of the TLS session.
                throw Stop(SmtpProbeFailureKind.ProtocolViolation, SmtpProbeStep.StartTls,
                    Invariant($"protocol violation: the server sent {_reader.BufferedCount} more bytes after its 220 reply to STARTTLS, before the TLS handshake"));
            }

            await HandshakeAsync().ConfigureAwait(false);
            _reader = new SmtpLineReader(_current!, _options.MaxReplyLineLength);
            _ehloAfterTls = await CommandAsync(SmtpProbeStep.EhloAfterTls, "EHLO " + _options.ClientName).ConfigureAwait(false);
            if (!_ehloAfterTls.IsPositiveCompletion)
            {
                throw await StopAfterQuitAsync(SmtpProbeFailureKind.EhloRejected, SmtpProbeStep.EhloAfterTls,
                    $"EHLO rejected over TLS: {_ehloAfterTls.FirstLine}", _ehloAfterTls).ConfigureAwait(false);
            }

            await QuitQuietlyAsync().ConfigureAwait(false);
        }

        private async Task ConnectAsync()
        {
            Event($"connecting to {Format(_endpoint)}");
            await StepAsync(SmtpProbeStep.Connect, _options.ConnectTimeout, async t =>
            {
                _socket = new Socket(_endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await _socket.ConnectAsync(_endpoint, t).ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);
            _network = new ProbeStream(new NetworkStream(_socket!, ownsSocket: true), _options.MaxBytesRead);
            _current = _network;
            _reader = new SmtpLineReader(_network, _options.MaxReplyLineLength);
            Event("connected");
        }

        private async Task HandshakeAsync()
        {
            var sni = IPAddress.TryParse(_serverName, out _) ? $"no SNI: {_serverName} is an IP address" : $"SNI {_serverName}";
            Event($"TLS handshake ({sni})");
            var capture = _capture = new ServedChainCapture(_options.MaxChainCertificates, _options.MaxChainBytes);
            _ssl = new SslStream(_network!, leaveInnerStreamOpen: true);
            try
            {
                await StepAsync(SmtpProbeStep.TlsHandshake, _options.TlsHandshakeTimeout, async t =>
                {
                    await _ssl.AuthenticateAsClientAsync(capture.CreateClientOptions(_serverName), t).ConfigureAwait(false);
                    return true;
                }).ConfigureAwait(false);
            }
            finally
            {
                // What the server sent is evidence even when the handshake failed after it.
                _served = capture.Certificates;
            }

            _tlsEstablished = true;
            _current = _ssl;
            _protocol = _ssl.SslProtocol;
            _cipher = _ssl.NegotiatedCipherSuite;
            Event($"TLS handshake done: {SmtpProbeResult.ProtocolName(_ssl.SslProtocol)}, {_ssl.NegotiatedCipherSuite}; {DescribeServed(_served)}");
        }

        private async Task<SmtpReply> CommandAsync(SmtpProbeStep step, string command) =>
            await StepAsync(step, _options.ReplyTimeout, async t =>
            {
                _transcript.Add(SmtpTranscriptDirection.Sent, command, Elapsed);
                await _current!.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), t).ConfigureAwait(false);
                await _current.FlushAsync(t).ConfigureAwait(false);
                return await ReadReplyAsync(step, t).ConfigureAwait(false);
            }).ConfigureAwait(false);

        /// <summary>Sends QUIT and reads its reply within <see cref="SmtpProbeOptions.QuitTimeout"/>; a problem is only noted.</summary>
        private async Task QuitQuietlyAsync()
        {
            try
            {
                var reply = await StepAsync(SmtpProbeStep.Quit, _options.QuitTimeout, async t =>
                {
                    _transcript.Add(SmtpTranscriptDirection.Sent, "QUIT", Elapsed);
                    await _current!.WriteAsync("QUIT\r\n"u8.ToArray(), t).ConfigureAwait(false);
                    await _current.FlushAsync(t).ConfigureAwait(false);
                    return await ReadReplyAsync(SmtpProbeStep.Quit, t).ConfigureAwait(false);
                }).ConfigureAwait(false);
                if (reply.Code != 221)
                {
                    Event($"QUIT got {reply.FirstLine}, not 221");
                }
            }
            catch (ProbeStoppedException e)
            {
                Event($"no proper reply to QUIT: {e.Failure.Message}");
            }
        }

        private async Task<ProbeStoppedException> StopAfterQuitAsync(SmtpProbeFailureKind kind, SmtpProbeStep step, string message, SmtpReply reply)
        {
            // 421: the server is closing the channel (RFC 5321 3.8, 4.2.2); nothing more is said to it.
            if (reply.Code != 421)
            {
                await QuitQuietlyAsync().ConfigureAwait(false);
            }

            return Stop(kind, step, message, reply);
        }

        /// <summary>
        /// Runs a step under its own deadline, the overall one and the caller's token, and turns timeouts and network
        /// errors into a failure of that step. The caller's cancellation passes through.
        /// </summary>
        private async Task<T> StepAsync<T>(SmtpProbeStep step, TimeSpan timeout, Func<CancellationToken, Task<T>> action)
        {
            using var stepDeadline = new CancellationTokenSource(timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(_caller, _overall.Token, stepDeadline.Token);
            try
            {
                return await action(linked.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or Win32Exception or AuthenticationException
                or InvalidOperationException or NotSupportedException or CryptographicException)
            {
                // Win32Exception covers SocketException; InvalidOperationException covers ObjectDisposedException.
                _caller.ThrowIfCancellationRequested();
                if (_overall.IsCancellationRequested)
                {
                    throw Stop(SmtpProbeFailureKind.OverallTimeout, step,
                        $"overall timeout: the probe did not finish within {Seconds(_options.OverallTimeout)} (it was waiting for {What(step)})");
                }

                if (stepDeadline.IsCancellationRequested)
                {
                    throw Stop(TimeoutKind(step), step, $"{TimeoutWords(step)}: {What(step)} did not complete within {Seconds(timeout)}");
                }

                if (e is OperationCanceledException)
                {
                    throw;
                }

                throw Classify(step, e);
            }
        }

        private ProbeStoppedException Classify(SmtpProbeStep step, Exception e)
        {
            if (step == SmtpProbeStep.TlsHandshake && _capture is { } capture && (capture.TooLong || capture.TooLarge))
            {
                return ChainOverLimit(capture);
            }

            if (_network?.LimitExceeded == true)
            {
                return TooManyBytes(step);
            }

            if (step == SmtpProbeStep.Connect)
            {
                var socketError = (e as SocketException)?.SocketErrorCode;
                return socketError switch
                {
                    SocketError.ConnectionRefused => Stop(SmtpProbeFailureKind.ConnectionRefused, step, "connection refused"),
                    SocketError.TimedOut => Stop(SmtpProbeFailureKind.ConnectTimeout, step, "connect timeout: the connection attempt timed out"),
                    SocketError.NetworkUnreachable => Stop(SmtpProbeFailureKind.NetworkUnreachable, step, "network unreachable"),
                    SocketError.HostUnreachable => Stop(SmtpProbeFailureKind.NetworkUnreachable, step, "host unreachable"),
                    _ => Stop(SmtpProbeFailureKind.ConnectFailed, step, $"cannot connect: {e.Message}"),
                };
            }

            if (step == SmtpProbeStep.TlsHandshake && e is CryptographicException && _capture is { CallbackRan: false })
            {
                // A bare CryptographicException out of the handshake, before the validation callback ran, comes from
                // .NET building a chain from the served certificates: on Linux it throws like this on a chain more than
                // 100 certificates deep (OpenSSL's X509_V_ERR_CERT_CHAIN_TOO_LONG, which .NET does not map). The probe
                // never saw the chain, so it can say nothing of it: a limit, not a TLS failure of the server.
                return Stop(SmtpProbeFailureKind.ChainTooLong, step,
                    "certificate chain too long, or unreadable: .NET gave up building a chain from the served certificates before "
                    + "the probe could count them (" + Messages(e) + "); it does so on a chain more than 100 certificates deep");
            }

            if (step == SmtpProbeStep.TlsHandshake)
            {
                return Stop(SmtpProbeFailureKind.TlsHandshakeFailed, step, $"TLS handshake failed: {HandshakeFailure(e)}");
            }

            return Stop(SmtpProbeFailureKind.ServerClosed, step, $"the connection failed while waiting for {What(step)}: {Messages(e)}");
        }

        private async Task<SmtpReply> ReadReplyAsync(SmtpProbeStep step, CancellationToken cancellationToken)
        {
            var lines = new List<string>();
            var code = 0;
            while (true)
            {
                var raw = await _reader!.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (raw.Status == SmtpLineStatus.Closed)
                {
                    if (raw.Bytes.Length > 0)
                    {
                        _transcript.AddReceived(raw.Bytes, Elapsed);
                    }

                    Event("connection closed by the server");
                    if (_network!.LimitExceeded)
                    {
                        throw TooManyBytes(step);
                    }

                    var where = lines.Count == 0 && raw.Bytes.Length == 0 ? "before" : "in the middle of";
                    throw Stop(SmtpProbeFailureKind.ServerClosed, step, $"server closed the connection {where} {What(step)}");
                }

                if (raw.Status == SmtpLineStatus.TooLong)
                {
                    _transcript.AddReceived(raw.Bytes, Elapsed, Invariant($" [over the {_options.MaxReplyLineLength}-byte line limit: not read further]"));
                    throw Violation(step, $"a line longer than {_options.MaxReplyLineLength} bytes (RFC 5321 4.5.3.1.5 allows {SmtpProbeOptions.Rfc5321ReplyLineLength} with CRLF)");
                }

                _transcript.AddReceived(raw.Bytes, Elapsed);

                if (raw.Status == SmtpLineStatus.Garbage)
                {
                    throw Violation(step, $"data that is not an SMTP reply: {Excerpt(raw.Bytes)}");
                }

                if (SmtpLineRules.CheckText(raw.Bytes) is { } bad)
                {
                    throw Violation(step, bad);
                }

                if (!SmtpLineRules.TryParseReplyLine(raw.Bytes, out var lineCode, out var more, out var text, out var problem))
                {
                    throw Violation(step, $"{problem}: {Excerpt(raw.Bytes)}");
                }

                if (lines.Count > 0 && lineCode != code)
                {
                    throw Violation(step, Invariant($"the lines of one reply have different codes, {code} and {lineCode} (RFC 5321 4.2.1)"));
                }

                code = lineCode;
                lines.Add(text);
                if (!more)
                {
                    return new SmtpReply(code, lines);
                }

                if (lines.Count >= _options.MaxReplyLines)
                {
                    throw Violation(step, Invariant($"more than {_options.MaxReplyLines} lines in one reply"));
                }
            }
        }

        /// <summary>The chain broke a limit: the capture refused it from the validation callback.</summary>
        private ProbeStoppedException ChainOverLimit(ServedChainCapture capture)
        {
            var served = Invariant($"the server sent {capture.ServedCount} certificate{(capture.ServedCount == 1 ? "" : "s")} of {capture.ServedBytes} bytes in all");
            return capture.TooLong
                ? Stop(SmtpProbeFailureKind.ChainTooLong, SmtpProbeStep.TlsHandshake,
                    Invariant($"certificate chain too long: {served}, more than the {_options.MaxChainCertificates} certificates allowed; the probe refused the handshake"))
                : Stop(SmtpProbeFailureKind.ChainTooLarge, SmtpProbeStep.TlsHandshake,
                    Invariant($"certificate chain too large: {served}, more than the {_options.MaxChainBytes} bytes allowed; the probe refused the handshake"));
        }

        /// <summary>Why a handshake failed, with the likely cause when OpenSSL reports it obscurely.</summary>
        private static string HandshakeFailure(Exception e)
        {
            var messages = Messages(e);
            if (messages.Contains("excessive message size", StringComparison.OrdinalIgnoreCase))
            {
                return messages + Invariant($" (OpenSSL refuses a handshake message over its limit; for the certificate chain that is {SmtpProbeOptions.OpenSslMaxCertificateList / 1024} KB)");
            }

            return messages;
        }

        private ProbeStoppedException TooManyBytes(SmtpProbeStep step) =>
            Violation(step, Invariant($"the server sent more than {_options.MaxBytesRead} bytes"));

        private static ProbeStoppedException Violation(SmtpProbeStep step, string detail) =>
            Stop(SmtpProbeFailureKind.ProtocolViolation, step, $"protocol violation in {What(step)}: {detail}");

        private static ProbeStoppedException Stop(SmtpProbeFailureKind kind, SmtpProbeStep step, string message, SmtpReply? reply = null) =>
            new(new SmtpProbeFailure(kind, step, message, reply));

        private void Event(string text) => _transcript.Add(SmtpTranscriptDirection.Event, text, Elapsed);

        private static string[] Extensions(SmtpReply? ehlo) =>
            ehlo is { IsPositiveCompletion: true, Lines.Count: > 1 } ? ehlo.Lines.Skip(1).Select(l => l.Trim()).ToArray() : [];

        private static bool IsStartTls(string extension) =>
            extension.Split(' ', 2)[0].Equals("STARTTLS", StringComparison.OrdinalIgnoreCase);

        private static SmtpProbeFailureKind TimeoutKind(SmtpProbeStep step) => step switch
        {
            SmtpProbeStep.Connect => SmtpProbeFailureKind.ConnectTimeout,
            SmtpProbeStep.Greeting => SmtpProbeFailureKind.GreetingTimeout,
            SmtpProbeStep.TlsHandshake => SmtpProbeFailureKind.TlsHandshakeTimeout,
            _ => SmtpProbeFailureKind.ReplyTimeout,
        };

        private static string TimeoutWords(SmtpProbeStep step) => step switch
        {
            SmtpProbeStep.Connect => "connect timeout",
            SmtpProbeStep.Greeting => "greeting timeout",
            SmtpProbeStep.TlsHandshake => "TLS handshake timeout",
            _ => "reply timeout",
        };

        private static string What(SmtpProbeStep step) => step switch
        {
            SmtpProbeStep.Connect => "the TCP connection",
            SmtpProbeStep.Greeting => "the greeting",
            SmtpProbeStep.Ehlo => "the reply to EHLO",
            SmtpProbeStep.Helo => "the reply to HELO",
            SmtpProbeStep.StartTls => "the reply to STARTTLS",
            SmtpProbeStep.TlsHandshake => "the TLS handshake",
            SmtpProbeStep.EhloAfterTls => "the reply to EHLO over TLS",
            _ => "the reply to QUIT",
        };

        private static string Excerpt(byte[] bytes) =>
            "'" + SmtpTranscript.Render(bytes.AsSpan(0, Math.Min(bytes.Length, 40))) + (bytes.Length > 40 ? "…'" : "'");

        private static string Messages(Exception e)
        {
            var parts = new List<string>();
            for (var x = e; x is not null && parts.Count < 4; x = x.InnerException)
            {
                if (!parts.Contains(x.Message))
                {
                    parts.Add(x.Message);
                }
            }

            return string.Join(": ", parts);
        }

        private static string DescribeServed(IReadOnlyList<ReadOnlyMemory<byte>> served)
        {
            if (served.Count == 0)
            {
                return "no certificate served";
            }

            var parsed = ServedChainCache.Get(served).Data;
            var parts = new List<string>(served.Count);
            for (var i = 0; i < served.Count; i++)
            {
                var c = parsed.FirstOrDefault(d => d.Depth == i);
                parts.Add(c is null ? Invariant($"depth {i} (does not parse)") : Invariant($"depth {i} {Printable(c.Subject)}"));
            }

            return Invariant($"{served.Count} certificate{(served.Count == 1 ? "" : "s")} served: ") + string.Join("; ", parts);
        }

        /// <summary>
        /// Server-chosen text for an event line (a certificate subject): control characters as <c>\xNN</c>, so a name
        /// cannot forge transcript lines, and cut at 256 characters.
        /// </summary>
        private static string Printable(string text)
        {
            var sb = new StringBuilder(Math.Min(text.Length, 256) + 8);
            foreach (var c in text)
            {
                if (sb.Length >= 256)
                {
                    return sb.Append('…').ToString();
                }

                if (char.IsControl(c))
                {
                    sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
                }
                else
                {
                    sb.Append(c);
                }
            }

            return sb.ToString();
        }

        private static string Format(IPEndPoint endpoint) => endpoint.AddressFamily == AddressFamily.InterNetworkV6
            ? Invariant($"[{endpoint.Address}]:{endpoint.Port}")
            : Invariant($"{endpoint.Address}:{endpoint.Port}");

        private static string Seconds(TimeSpan t) => Invariant($"{t.TotalSeconds:0.###} s");

        private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
    }
}
