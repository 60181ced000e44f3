using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Security.Cryptography;

namespace DaneKit.Dns.Resolver;

/// <summary>
/// Exchanges one query with one server: sends it, accepts the first reply that matches, and retries over
/// TCP when the UDP reply is truncated (RFC 7766 5). Replies whose ID, source address and port, or question
/// do not match are dropped and the wait goes on until the deadline (RFC 5452 9.1), so a spoofed reply
/// cannot end the exchange.
/// </summary>
/// <param name="transport">The transport; <see cref="SocketDnsTransport"/> for the real network.</param>
/// <param name="timeProvider">The clock for deadlines and elapsed times.</param>
public sealed class DnsClient(IDnsTransport transport, TimeProvider timeProvider)
{
    private readonly IDnsTransport _transport = transport ?? throw new ArgumentNullException(nameof(transport));
    private readonly TimeProvider _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    /// <summary>A new random message ID (RFC 5452 9.2).</summary>
    /// <returns>The ID.</returns>
    public static ushort NewId() => (ushort)RandomNumberGenerator.GetInt32(0, 0x10000);

    /// <summary>Sends <paramref name="query"/> to <paramref name="server"/> and waits for the matching response.</summary>
    /// <param name="server">The server.</param>
    /// <param name="query">The query; its ID and first question are what a response must match.</param>
    /// <param name="tcp">Start over TCP instead of UDP.</param>
    /// <param name="timeout">The deadline of each transport try (UDP, then TCP after TC=1).</param>
    /// <param name="cancellationToken">Cancels the exchange; cancellation is thrown, never reported as a timeout.</param>
    /// <returns>The response, or a typed error. Never throws for network problems.</returns>
    public async Task<DnsQueryResult> ExchangeAsync(IPEndPoint server, DnsMessage query, bool tcp, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(query);
        var start = _time.GetTimestamp();
        var wire = query.ToWire();
        var tries = 1;
        var first = await TryOnceAsync(server, query, wire, tcp, timeout, cancellationToken).ConfigureAwait(false);
        if (first.Response is { Truncated: true } && !tcp)
        {
            // RFC 7766 5: a truncated UDP response means the full one must be fetched over TCP.
            tries++;
            var viaTcp = await TryOnceAsync(server, query, wire, tcp: true, timeout, cancellationToken).ConfigureAwait(false);
            return viaTcp with { Elapsed = _time.GetElapsedTime(start), Tries = tries, DroppedMismatches = first.DroppedMismatches + viaTcp.DroppedMismatches };
        }

        return first with { Elapsed = _time.GetElapsedTime(start), Tries = tries };
    }

    private async Task<DnsQueryResult> TryOnceAsync(IPEndPoint server, DnsMessage query, byte[] wire, bool tcp, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var dropped = 0;
        DnsQueryResult Fail(DnsQueryErrorKind kind, string message, DnsParseError? parse = null) =>
            new() { Error = new DnsQueryError(kind, message, server, parse), Server = server, UsedTcp = tcp, DroppedMismatches = dropped };

        IDnsExchange? exchange = null;
        try
        {
            exchange = await _transport.SendAsync(server, wire, tcp, linked.Token).ConfigureAwait(false);
            while (true)
            {
                var datagram = await exchange.ReceiveAsync(linked.Token).ConfigureAwait(false);
                switch (Match(server, query, datagram, out var response, out var parseError))
                {
                    case MatchOutcome.Accepted:
                        return new DnsQueryResult { Response = response, Server = server, UsedTcp = tcp, DroppedMismatches = dropped };
                    case MatchOutcome.Malformed:
                        return Fail(DnsQueryErrorKind.Malformed, parseError!.ToString(), parseError);
                    default:
                        dropped++;
                        if (tcp)
                        {
                            // A TCP stream belongs to this query alone; a reply that does not match will not be followed by one that does.
                            return Fail(DnsQueryErrorKind.Mismatch, "the TCP response does not match the query");
                        }

                        break;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var what = tcp ? "TCP" : "UDP";
            var seconds = timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
            return dropped > 0
                ? Fail(DnsQueryErrorKind.Mismatch, $"only {dropped} mismatched {what} response(s) within {seconds} s")
                : Fail(DnsQueryErrorKind.Timeout, $"no {what} response within {seconds} s");
        }
        catch (DnsTransportException e)
        {
            return Fail(e.Kind, e.Message);
        }
        finally
        {
            if (exchange is not null)
            {
                await exchange.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private enum MatchOutcome
    {
        Accepted,
        Malformed,
        Dropped,
    }

    private static MatchOutcome Match(IPEndPoint server, DnsMessage query, DnsDatagram datagram,
        [NotNullWhen(true)] out DnsMessage? response, out DnsParseError? parseError)
    {
        response = null;
        parseError = null;
        var payload = datagram.Payload.Span;
        if (!SameEndpoint(server, datagram.Source) || payload.Length < 2 || BinaryPrimitives.ReadUInt16BigEndian(payload) != query.Id)
        {
            return MatchOutcome.Dropped;
        }

        if (!DnsMessage.TryParse(payload, out var message, out parseError))
        {
            // The reply carries our ID from the server's address: it is the server's answer, and it is broken.
            return MatchOutcome.Malformed;
        }

        var asked = query.Questions[0];
        if (!message!.IsResponse || message.Opcode != query.Opcode || message.Questions.Count != 1)
        {
            // FORMERR/NOTIMP replies may echo no question; accept those only with a matching ID and an error RCODE.
            if (message.IsResponse && message.Questions.Count == 0 && message.ResponseCode is DnsResponseCode.FormErr or DnsResponseCode.NotImp)
            {
                response = message;
                return MatchOutcome.Accepted;
            }

            return MatchOutcome.Dropped;
        }

        var q = message.Questions[0];
        if (q.Type != asked.Type || q.Class != asked.Class || !q.Name.Equals(asked.Name))
        {
            return MatchOutcome.Dropped;
        }

        response = message;
        return MatchOutcome.Accepted;
    }

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
