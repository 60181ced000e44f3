namespace DaneKit.Dns.Update;

/// <summary>The outcome of checking the TSIG of a response (RFC 8945 5.4).</summary>
public enum TsigStatus
{
    /// <summary>The response is signed with the request's key, the MAC verifies and the time is within the fudge.</summary>
    Verified,

    /// <summary>The request was not signed, so there was nothing to verify.</summary>
    NotSigned,

    /// <summary>The request was signed but the response carries no TSIG record (RFC 8945 5.4.1: not to be accepted).</summary>
    Missing,

    /// <summary>The TSIG record is malformed, misplaced or duplicated (FORMERR, RFC 8945 5.4).</summary>
    Malformed,

    /// <summary>
    /// BADKEY: the server does not know the key (reported by the server), or the response is signed with
    /// another key name or algorithm than the request (found here).
    /// </summary>
    BadKey,

    /// <summary>BADSIG: the server could not verify the request's MAC, or the response's MAC does not verify here.</summary>
    BadSig,

    /// <summary>
    /// BADTIME: the server's clock and the request's Time Signed differ by more than the fudge, or the
    /// response's Time Signed is outside its fudge of our clock.
    /// </summary>
    BadTime,

    /// <summary>BADTRUNC: the response's MAC is truncated below the allowed minimum (RFC 8945 5.2.2.1).</summary>
    BadTrunc,

    /// <summary>The server reported another TSIG error (see <see cref="TsigVerification.ServerError"/>).</summary>
    OtherServerError,
}

/// <summary>
/// What the TSIG check of a response found: the status, whether the server reported it (the TSIG Error
/// field) or this side found it, and a readable reason.
/// </summary>
/// <param name="Status">The outcome.</param>
/// <param name="Reason">Why, in words, e.g. "the response's MAC does not verify with key update-key. (hmac-sha256)".</param>
public sealed record TsigVerification(TsigStatus Status, string Reason)
{
    /// <summary>The Error field of the response's TSIG record (<see cref="TsigError.NoError"/> when absent).</summary>
    public TsigError ServerError { get; init; }

    /// <summary>Whether <see cref="Status"/> is the server's verdict on the request rather than ours on the response.</summary>
    public bool ReportedByServer { get; init; }

    /// <summary>The response's Time Signed, when it has a TSIG record.</summary>
    public DateTimeOffset? TimeSigned { get; init; }

    /// <summary>For a BADTIME reported by the server: the server's clock, from the Other Data field (RFC 8945 5.2.3).</summary>
    public DateTimeOffset? ServerTime { get; init; }

    /// <summary>Whether the response is authenticated by the key.</summary>
    public bool IsVerified => Status == TsigStatus.Verified;

    /// <summary>The outcome for a request that was sent without TSIG.</summary>
    public static TsigVerification RequestNotSigned { get; } = new(TsigStatus.NotSigned, "the request was not signed");

    /// <inheritdoc/>
    public override string ToString() => $"{Status}{(ReportedByServer ? " (reported by the server)" : "")}: {Reason}";
}
