using System.Net;
using DaneKit.Dns.Resolver;

namespace DaneKit.Dns.Update;

/// <summary>What became of an UPDATE.</summary>
public enum DnsUpdateStatus
{
    /// <summary>The server answered NOERROR and (when the update was signed) the response's TSIG verified.</summary>
    Applied,

    /// <summary>The server answered with an error RCODE (REFUSED, NOTAUTH, NOTZONE, YXRRSET, ...) unrelated to TSIG.</summary>
    Rejected,

    /// <summary>
    /// TSIG failed: the server rejected the request's signature (BADKEY, BADSIG, BADTIME), or the
    /// response's signature is missing or wrong. A NOERROR that is not authenticated lands here too: the
    /// update may or may not have been applied.
    /// </summary>
    TsigFailed,

    /// <summary>No response within the timeout.</summary>
    Timeout,

    /// <summary>The connection failed or closed early (see <see cref="DnsUpdateResult.TransportError"/>).</summary>
    NetworkError,

    /// <summary>A response came that cannot be decoded.</summary>
    Malformed,

    /// <summary>A response came that is not the answer to this UPDATE (another ID, not a response, another OPCODE).</summary>
    Mismatch,
}

/// <summary>
/// The outcome of sending an UPDATE: the status, the server's RCODE, the TSIG check of the response and a
/// readable reason. Network problems are values here, never exceptions.
/// </summary>
public sealed record DnsUpdateResult
{
    /// <summary>What happened.</summary>
    public required DnsUpdateStatus Status { get; init; }

    /// <summary>Why, in words, e.g. "REFUSED: the server's policy does not allow this update (check its ACL for key update-key. and zone example.com.)".</summary>
    public required string Reason { get; init; }

    /// <summary>The server the update went to.</summary>
    public required IPEndPoint Server { get; init; }

    /// <summary>The message ID used.</summary>
    public ushort Id { get; init; }

    /// <summary>The response's RCODE, when a response was decoded.</summary>
    public DnsResponseCode? ResponseCode { get; init; }

    /// <summary>The TSIG check of the response; <see cref="TsigStatus.NotSigned"/> for an unsigned update, <see langword="null"/> when no response was decoded.</summary>
    public TsigVerification? Tsig { get; init; }

    /// <summary>The decoded response, when there was one.</summary>
    public DnsMessage? Response { get; init; }

    /// <summary>For <see cref="DnsUpdateStatus.NetworkError"/> and <see cref="DnsUpdateStatus.Timeout"/>: the transport's kind of failure.</summary>
    public DnsQueryErrorKind? TransportError { get; init; }

    /// <summary>Whether the response came over TCP.</summary>
    public bool UsedTcp { get; init; }

    /// <summary>Whether the response had TC=1 (only possible over UDP; the client then retries over TCP).</summary>
    public bool Truncated { get; init; }

    /// <summary>Time from the first send to the outcome.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Whether the server applied the update, authenticated when signed.</summary>
    public bool IsSuccess => Status == DnsUpdateStatus.Applied;

    /// <inheritdoc/>
    public override string ToString() => $"{Status} from {Server}: {Reason}";
}

/// <summary>Settings of <see cref="DnsUpdateClient"/>.</summary>
public sealed record DnsUpdateOptions
{
    /// <summary>The time limit of one exchange (connect, send, receive); 10 seconds by default.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Send over TCP (the default; RFC 2136 allows UDP, but a TCP answer cannot be spoofed as easily and is
    /// never truncated). Over UDP, a truncated response is retried over TCP.
    /// </summary>
    public bool UseTcp { get; init; } = true;

    /// <summary>The TSIG fudge in seconds (RFC 8945 10 recommends 300).</summary>
    public ushort Fudge { get; init; } = Update.Tsig.DefaultFudge;
}
