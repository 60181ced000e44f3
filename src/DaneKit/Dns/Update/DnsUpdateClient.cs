using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using DaneKit.Dns.Resolver;

namespace DaneKit.Dns.Update;

/// <summary>
/// Sends an UPDATE (RFC 2136) to a primary server, signed with TSIG (RFC 8945) when a key is given, and
/// reports what the server said and whether its answer is authenticated. TCP with the 2-octet framing
/// by default; responses are bounded at 65535 octets by the framing, and every exchange by a deadline.
/// </summary>
/// <remarks>
/// An UPDATE is not idempotent in general, so it is sent once: no retry on timeout. Only a truncated UDP
/// response is followed by one TCP try (re-signed), as RFC 7766 5 asks.
/// </remarks>
/// <param name="transport">The transport; <see cref="SocketDnsTransport"/> for the real network.</param>
/// <param name="timeProvider">The clock for TSIG times, deadlines and elapsed times.</param>
public sealed class DnsUpdateClient(IDnsTransport transport, TimeProvider timeProvider)
{
    private readonly IDnsTransport _transport = transport ?? throw new ArgumentNullException(nameof(transport));
    private readonly TimeProvider _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    /// <summary>Creates a client on the real network.</summary>
    /// <param name="timeProvider">The clock.</param>
    public DnsUpdateClient(TimeProvider timeProvider)
        : this(SocketDnsTransport.Instance, timeProvider)
    {
    }

    /// <summary>Sends <paramref name="update"/> to <paramref name="server"/> and waits for the response.</summary>
    /// <param name="server">The primary server's address and port (53).</param>
    /// <param name="update">The update.</param>
    /// <param name="key">The TSIG key to sign with, or <see langword="null"/> to send unsigned.</param>
    /// <param name="options">Timeout, transport and fudge; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the exchange; cancellation is thrown, never reported as a timeout.</param>
    /// <returns>The outcome. Network failures, timeouts and malformed responses are results, not exceptions.</returns>
    public async Task<DnsUpdateResult> SendAsync(IPEndPoint server, DnsUpdateMessage update, TsigKey? key, DnsUpdateOptions? options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(update);
        options ??= new DnsUpdateOptions();
        if (options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Timeout, "the timeout must be positive");
        }

        var start = _time.GetTimestamp();
        var id = DnsClient.NewId();
        var unsigned = update.ToWire(id);
        var result = await ExchangeAsync(server, update, key, unsigned, id, options, tcp: options.UseTcp, cancellationToken).ConfigureAwait(false);
        if (result.Truncated && !result.UsedTcp)
        {
            result = await ExchangeAsync(server, update, key, unsigned, id, options, tcp: true, cancellationToken).ConfigureAwait(false);
        }

        return result with { Elapsed = _time.GetElapsedTime(start) };
    }

    private async Task<DnsUpdateResult> ExchangeAsync(IPEndPoint server, DnsUpdateMessage update, TsigKey? key, byte[] unsigned, ushort id,
        DnsUpdateOptions options, bool tcp, CancellationToken cancellationToken)
    {
        var signed = key is null ? null : Tsig.Sign(unsigned, key, _time, options.Fudge);
        var wire = signed?.Wire ?? unsigned;
        var proto = tcp ? "TCP" : "UDP";
        DnsUpdateResult Fail(DnsUpdateStatus status, string reason, DnsQueryErrorKind? kind = null) =>
            new() { Status = status, Reason = reason, Server = server, Id = id, UsedTcp = tcp, TransportError = kind };

        using var deadline = new CancellationTokenSource(options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        IDnsExchange? exchange = null;
        try
        {
            exchange = await _transport.SendAsync(server, wire, tcp, linked.Token).ConfigureAwait(false);
            while (true)
            {
                var datagram = await exchange.ReceiveAsync(linked.Token).ConfigureAwait(false);
                var payload = datagram.Payload;
                if (payload.Length < 2 || BinaryPrimitives.ReadUInt16BigEndian(payload.Span) != id || !SameEndpoint(server, datagram.Source))
                {
                    if (tcp)
                    {
                        // The TCP connection carries this message alone; what comes back is the answer or nothing.
                        return Fail(DnsUpdateStatus.Mismatch, payload.Length < 2
                            ? $"the {payload.Length}-octet TCP response is too short to be a DNS message"
                            : string.Create(CultureInfo.InvariantCulture, $"the TCP response has ID {BinaryPrimitives.ReadUInt16BigEndian(payload.Span)}, not {id}"));
                    }

                    continue; // RFC 5452 9.1: a UDP datagram that does not match is dropped and the wait goes on.
                }

                return Interpret(server, update, key, signed, id, tcp, payload);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var seconds = options.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            return Fail(DnsUpdateStatus.Timeout, $"no {proto} response from {server} within {seconds} s", DnsQueryErrorKind.Timeout);
        }
        catch (DnsTransportException e)
        {
            return Fail(e.Kind == DnsQueryErrorKind.Timeout ? DnsUpdateStatus.Timeout : DnsUpdateStatus.NetworkError, e.Message, e.Kind);
        }
        finally
        {
            if (exchange is not null)
            {
                await exchange.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private DnsUpdateResult Interpret(IPEndPoint server, DnsUpdateMessage update, TsigKey? key, TsigSignedMessage? signed, ushort id, bool tcp,
        ReadOnlyMemory<byte> payload)
    {
        DnsUpdateResult Make(DnsUpdateStatus status, string reason, DnsMessage? response = null, TsigVerification? tsig = null,
            DnsResponseCode? rcode = null) => new()
        {
            Status = status,
            Reason = reason,
            Server = server,
            Id = id,
            UsedTcp = tcp,
            Response = response,
            ResponseCode = rcode ?? response?.ResponseCode,
            Tsig = tsig,
        };

        // RFC 2136 3.8 lets the server copy every section of the request into its answer, and delete-RRset
        // entries have empty RDATA that the general decoder refuses for types such as TLSA. So the outcome
        // rests on the header and the TSIG record alone; the decoded message is a bonus.
        var span = payload.Span;
        if (!DnsMessage.TryParse(span, out var response, out var parseError)
            && (span.Length < 12 || !TsigRecord.TryFind(span, out _, out _, out _)))
        {
            return Make(DnsUpdateStatus.Malformed, $"the response cannot be decoded: {parseError}");
        }

        var flags = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
        var isResponse = (flags & 0x8000) != 0;
        var opcode = (flags >> 11) & 0xF;
        if (!isResponse || opcode != DnsUpdateMessage.UpdateOpcode)
        {
            return Make(DnsUpdateStatus.Mismatch,
                string.Create(CultureInfo.InvariantCulture, $"the reply is not an UPDATE response (QR={(isResponse ? 1 : 0)}, OPCODE={opcode})"), response);
        }

        if ((flags & 0x0200) != 0 && !tcp)
        {
            return Make(DnsUpdateStatus.Malformed, "the UDP response is truncated", response) with { Truncated = true };
        }

        var rcode = response?.ResponseCode ?? (DnsResponseCode)(flags & 0xF);
        var tsig = signed is null ? TsigVerification.RequestNotSigned : Tsig.VerifyResponse(payload.Span, signed, _time);
        var tsigOk = tsig.Status is TsigStatus.Verified or TsigStatus.NotSigned;
        if (tsig.ReportedByServer)
        {
            return Make(DnsUpdateStatus.TsigFailed, $"{rcode.ToText()}, TSIG {tsig.ServerError.ToText()}: {tsig.Reason}", response, tsig, rcode);
        }

        if (rcode == DnsResponseCode.NoError)
        {
            return tsigOk
                ? Make(DnsUpdateStatus.Applied, signed is null
                    ? "NOERROR: the server applied the update (unsigned exchange)"
                    : $"NOERROR: the server applied the update; response authenticated with key {key}", response, tsig, rcode)
                : Make(DnsUpdateStatus.TsigFailed,
                    $"the server answered NOERROR but the answer is not authenticated ({tsig.Status}: {tsig.Reason}); the update may or may not have been applied",
                    response, tsig, rcode);
        }

        var reason = $"{rcode.ToText()}: {Explain(rcode, update, key)}";
        if (!tsigOk)
        {
            reason += $" (and the response's TSIG failed: {tsig.Status}: {tsig.Reason})";
        }

        return Make(DnsUpdateStatus.Rejected, reason, response, tsig, rcode);
    }

    /// <summary>What an RCODE means for an UPDATE (RFC 2136 2.2, 3).</summary>
    private static string Explain(DnsResponseCode rcode, DnsUpdateMessage update, TsigKey? key) => rcode switch
    {
        DnsResponseCode.FormErr => "the server could not interpret the update",
        DnsResponseCode.ServFail => "the server failed to process the update (internal error, or the zone is not loaded)",
        DnsResponseCode.NXDomain => "a name that must be in use is not (prerequisite failed, RFC 2136 2.4.4)",
        DnsResponseCode.NotImp => "the server does not support UPDATE",
        DnsResponseCode.Refused => key is null
            ? $"the server's policy does not allow this update of zone {update.Zone}; most servers require a TSIG key"
            : $"the server's policy does not allow this update (check its ACL for key {key.Name} and zone {update.Zone})",
        DnsResponseCode.YXDomain => "a name that must not be in use is (prerequisite failed, RFC 2136 2.4.5)",
        DnsResponseCode.YXRRSet => "an RRset that must not exist does (prerequisite failed, RFC 2136 2.4.3)",
        DnsResponseCode.NXRRSet => "an RRset that must exist does not, or not with the values given (prerequisite failed, RFC 2136 2.4.1, 2.4.2)",
        DnsResponseCode.NotAuth => key is null
            ? $"the server is not authoritative for zone {update.Zone}, or does not take unsigned updates (Knot answers NOTAUTH when no ACL allows the update)"
            : $"the server is not authoritative for zone {update.Zone}, or no ACL lets key {key.Name} update it (Knot answers NOTAUTH for both)",
        DnsResponseCode.NotZone => $"a name in the update is outside zone {update.Zone}",
        _ => "the server did not apply the update",
    };

    private static bool SameEndpoint(IPEndPoint expected, IPEndPoint actual)
    {
        if (expected.Port != actual.Port)
        {
            return false;
        }

        var a = expected.Address.IsIPv4MappedToIPv6 ? expected.Address.MapToIPv4() : expected.Address;
        var b = actual.Address.IsIPv4MappedToIPv6 ? actual.Address.MapToIPv4() : actual.Address;
        return a.Equals(b);
    }
}
