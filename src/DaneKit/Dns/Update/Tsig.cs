using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using DaneKit.Dns.Wire;

namespace DaneKit.Dns.Update;

/// <summary>
/// TSIG transaction signatures (RFC 8945) with HMAC: signs a request, signs a response over the request's
/// MAC, and verifies a response. Pure: works on message octets, with time from a <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// The MAC covers, in order (RFC 8945 4.3): for a response, the request MAC's length (2 octets) and the
/// request MAC; the message as it was before the TSIG record was added, with the Original ID in the
/// header; and the TSIG variables: key name (canonical), class ANY, TTL 0, algorithm name (canonical),
/// Time Signed, Fudge, Error, Other Len and Other Data. Multi-message responses (zone transfers) are not
/// handled: an UPDATE has a single response.
/// </remarks>
public static class Tsig
{
    /// <summary>The fudge RFC 8945 10 recommends: 300 seconds of clock difference allowed either way.</summary>
    public const ushort DefaultFudge = 300;

    /// <summary>The smallest truncated MAC accepted, in octets (RFC 8945 5.2.2.1: at least 10, and at least half the hash).</summary>
    public const int MinTruncatedMacSize = 10;

    /// <summary>Signs a request: appends a TSIG record with the MAC over the message (RFC 8945 5.1).</summary>
    /// <param name="message">The unsigned message; its ID becomes the Original ID.</param>
    /// <param name="key">The key.</param>
    /// <param name="timeProvider">The clock for Time Signed.</param>
    /// <param name="fudge">The allowed clock difference in seconds.</param>
    /// <returns>The signed message and its MAC.</returns>
    /// <exception cref="ArgumentException">The message is shorter than a header or already has 65535 additional records.</exception>
    public static TsigSignedMessage Sign(ReadOnlySpan<byte> message, TsigKey key, TimeProvider timeProvider, ushort fudge = DefaultFudge) =>
        SignCore(message, key, timeProvider, fudge, requestMac: null, TsigError.NoError, []);

    /// <summary>
    /// Signs a response to a signed request (RFC 8945 5.3): the MAC covers the request's MAC first. Used
    /// by servers, and by tests that play one.
    /// </summary>
    /// <param name="response">The unsigned response.</param>
    /// <param name="key">The key.</param>
    /// <param name="requestMac">The MAC of the request's TSIG record.</param>
    /// <param name="timeProvider">The clock for Time Signed.</param>
    /// <param name="error">The TSIG Error to report, e.g. <see cref="TsigError.BadTime"/>.</param>
    /// <param name="otherData">Other Data: for BADTIME, the server's time in 48 bits (RFC 8945 5.2.3).</param>
    /// <param name="fudge">The allowed clock difference in seconds.</param>
    /// <returns>The signed response and its MAC.</returns>
    public static TsigSignedMessage SignResponse(ReadOnlySpan<byte> response, TsigKey key, ReadOnlySpan<byte> requestMac,
        TimeProvider timeProvider, TsigError error = TsigError.NoError, ReadOnlySpan<byte> otherData = default, ushort fudge = DefaultFudge) =>
        SignCore(response, key, timeProvider, fudge, requestMac.ToArray(), error, otherData.ToArray());

    /// <summary>
    /// Checks the TSIG of the response to a signed request (RFC 8945 5.4): it must be there, last, with the
    /// request's key name and algorithm; a TSIG error from the server is reported as such; the MAC (over
    /// the request MAC) must verify, at full length or truncated no further than allowed; and Time Signed
    /// must be within the response's fudge of <paramref name="timeProvider"/>'s clock.
    /// </summary>
    /// <param name="response">The response octets as received.</param>
    /// <param name="request">The signed request.</param>
    /// <param name="timeProvider">The clock for the time check.</param>
    /// <returns>The outcome with a reason. Never throws for malformed input.</returns>
    public static TsigVerification VerifyResponse(ReadOnlySpan<byte> response, TsigSignedMessage request, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var key = request.Key;
        if (!TsigRecord.TryFind(response, out var tsig, out var start, out var error))
        {
            return new TsigVerification(TsigStatus.Malformed, $"the response's TSIG cannot be read: {error}");
        }

        if (tsig is null)
        {
            return new TsigVerification(TsigStatus.Missing,
                $"the response is not signed although the request was signed with key {key} (RFC 8945 5.4.1)");
        }

        var timeSigned = tsig.TimeSigned <= (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? DateTimeOffset.FromUnixTimeSeconds((long)tsig.TimeSigned)
            : (DateTimeOffset?)null;
        TsigVerification Result(TsigStatus status, string reason, bool byServer = false, DateTimeOffset? serverTime = null) =>
            new(status, reason) { ServerError = tsig.Error, ReportedByServer = byServer, TimeSigned = timeSigned, ServerTime = serverTime };

        if (tsig.Error != TsigError.NoError && tsig.Mac.Length == 0)
        {
            // RFC 8945 5.3.2: a BADKEY or BADSIG response is not signed (the server could not use the key).
            return ServerVerdict(tsig, key, Result, serverTime: null);
        }

        if (!tsig.KeyName.Equals(key.Name) || !tsig.Algorithm.Equals(key.Algorithm.Name))
        {
            return Result(TsigStatus.BadKey,
                $"the response is signed with key {tsig.KeyName} ({tsig.Algorithm}), not the request's key {key.Name} ({key.Algorithm.Name})");
        }

        var full = key.Algorithm.MacSize;
        if (tsig.Mac.Length > full)
        {
            return Result(TsigStatus.Malformed, $"the response's MAC has {tsig.Mac.Length} octets, more than the {full} of {key.Algorithm}");
        }

        var minimum = Math.Max(MinTruncatedMacSize, (full + 1) / 2);
        if (tsig.Mac.Length < minimum)
        {
            return Result(TsigStatus.BadTrunc,
                $"the response's MAC is truncated to {tsig.Mac.Length} octets; at least {minimum} are required (RFC 8945 5.2.2.1)");
        }

        var unsigned = TsigRecord.Unsigned(response, start, tsig.OriginalId);
        var expected = ComputeMac(key, request.Mac.ToArray(), unsigned, tsig.TimeSigned, tsig.Fudge, tsig.Error, tsig.OtherData);
        if (!CryptographicOperations.FixedTimeEquals(expected.AsSpan(0, tsig.Mac.Length), tsig.Mac))
        {
            var claimed = tsig.Error == TsigError.NoError ? "" : $" (it claims TSIG error {tsig.Error.ToText()})";
            return Result(TsigStatus.BadSig, $"the response's MAC does not verify with key {key}{claimed}");
        }

        if (tsig.Error != TsigError.NoError)
        {
            DateTimeOffset? serverTime = null;
            if (tsig.Error == TsigError.BadTime && tsig.OtherData.Length == 6)
            {
                var seconds = ((long)BinaryPrimitives.ReadUInt16BigEndian(tsig.OtherData) << 32)
                    | BinaryPrimitives.ReadUInt32BigEndian(tsig.OtherData.AsSpan(2));
                serverTime = DateTimeOffset.FromUnixTimeSeconds(seconds);
            }

            return ServerVerdict(tsig, key, Result, serverTime, request.TimeSigned);
        }

        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var skew = (decimal)now - tsig.TimeSigned;
        if (Math.Abs(skew) > tsig.Fudge)
        {
            return Result(TsigStatus.BadTime, string.Create(CultureInfo.InvariantCulture,
                $"the response was signed at {Format(tsig.TimeSigned)}, {Math.Abs(skew)} s {(skew > 0 ? "before" : "after")} our clock, beyond its fudge of {tsig.Fudge} s (RFC 8945 5.4.2)"));
        }

        return Result(TsigStatus.Verified, $"signed with key {key}, MAC verified, time within {tsig.Fudge} s");
    }

    /// <summary>Reads the secret-free parts of the TSIG of a message, if it has one: for logs and tests.</summary>
    /// <param name="message">The message octets.</param>
    /// <param name="keyName">The key name, or <see langword="null"/> when the message has no (readable) TSIG.</param>
    /// <param name="error">The TSIG Error field.</param>
    /// <returns>Whether the message has a readable TSIG record.</returns>
    public static bool TryReadSignature(ReadOnlySpan<byte> message, out DnsName? keyName, out TsigError error)
    {
        keyName = null;
        error = TsigError.NoError;
        if (!TsigRecord.TryFind(message, out var tsig, out _, out _) || tsig is null)
        {
            return false;
        }

        keyName = tsig.KeyName;
        error = tsig.Error;
        return true;
    }

    private static TsigVerification ServerVerdict(TsigRecord tsig, TsigKey key,
        Func<TsigStatus, string, bool, DateTimeOffset?, TsigVerification> result, DateTimeOffset? serverTime, DateTimeOffset? ourTime = null)
    {
        var (status, reason) = tsig.Error switch
        {
            TsigError.BadKey => (TsigStatus.BadKey, $"the server does not know key {key} (BADKEY): check the key name and algorithm on both sides"),
            TsigError.BadSig => (TsigStatus.BadSig, $"the server could not verify the request's MAC with key {key} (BADSIG): the secrets differ"),
            TsigError.BadTime => (TsigStatus.BadTime, serverTime is { } st && ourTime is { } ot
                ? string.Create(CultureInfo.InvariantCulture,
                    $"the server's clock ({st:yyyy-MM-ddTHH:mm:ssZ}) differs from ours ({ot:yyyy-MM-ddTHH:mm:ssZ}) by {(long)Math.Abs((st - ot).TotalSeconds)} s, more than the fudge (BADTIME)")
                : "the server says the request's time is outside the fudge of its clock (BADTIME)"),
            TsigError.BadTrunc => (TsigStatus.BadTrunc, "the server refused a truncated MAC (BADTRUNC)"),
            _ => (TsigStatus.OtherServerError, $"the server reported TSIG error {tsig.Error.ToText()}"),
        };
        return result(status, reason, true, serverTime);
    }

    private static TsigSignedMessage SignCore(ReadOnlySpan<byte> message, TsigKey key, TimeProvider timeProvider, ushort fudge,
        byte[]? requestMac, TsigError error, byte[] otherData)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (message.Length < 12)
        {
            throw new ArgumentException($"a DNS message has a 12-octet header; this one has {message.Length} octets", nameof(message));
        }

        var arcount = BinaryPrimitives.ReadUInt16BigEndian(message[10..]);
        if (arcount == ushort.MaxValue)
        {
            throw new ArgumentException("the message already has 65535 additional records", nameof(message));
        }

        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        if (now < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(timeProvider), "the clock is before 1970, which TSIG cannot express");
        }

        var time = (ulong)now;
        var originalId = BinaryPrimitives.ReadUInt16BigEndian(message);
        var mac = ComputeMac(key, requestMac, message, time, fudge, error, otherData);
        var tsig = new TsigRecord(key.Name, key.Algorithm.Name, time, fudge, mac, originalId, error, otherData);
        var w = new DnsWireWriter(message.Length + 128) { Compress = false };
        w.WriteBytes(message);
        tsig.WriteTo(w);
        var wire = w.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(wire.AsSpan(10), (ushort)(arcount + 1));
        if (wire.Length > ushort.MaxValue)
        {
            throw new ArgumentException("the signed message would exceed 65535 octets", nameof(message));
        }

        return new TsigSignedMessage(wire, mac, key, originalId, DateTimeOffset.FromUnixTimeSeconds(now), fudge);
    }

    /// <summary>
    /// The HMAC of RFC 8945 4.3. <paramref name="unsignedMessage"/> is the message without its TSIG record,
    /// ARCOUNT not counting it, and its header ID already the Original ID. <paramref name="requestMac"/> is
    /// <see langword="null"/> for a request.
    /// </summary>
    private static byte[] ComputeMac(TsigKey key, byte[]? requestMac, ReadOnlySpan<byte> unsignedMessage, ulong timeSigned,
        ushort fudge, TsigError error, byte[] otherData)
    {
        if (timeSigned > TsigRecord.MaxTimeSigned)
        {
            throw new ArgumentOutOfRangeException(nameof(timeSigned), "Time Signed does not fit in 48 bits");
        }

        var w = new DnsWireWriter(unsignedMessage.Length + 256) { Compress = false };
        if (requestMac is not null)
        {
            // RFC 8945 4.3.1: a response's MAC covers the request's MAC, length first.
            w.WriteUInt16((ushort)requestMac.Length);
            w.WriteBytes(requestMac);
        }

        w.WriteBytes(unsignedMessage);

        // RFC 8945 4.3.3: the TSIG variables, names in canonical form (uncompressed, lowercase).
        w.WriteName(key.Name, compress: false, canonical: true);
        w.WriteUInt16((ushort)DnsClass.ANY);
        w.WriteUInt32(0);
        w.WriteName(key.Algorithm.Name, compress: false, canonical: true);
        TsigRecord.WriteTime(w, timeSigned, fudge);
        w.WriteUInt16((ushort)error);
        w.WriteUInt16((ushort)otherData.Length);
        w.WriteBytes(otherData);

        using var hmac = key.Algorithm.CreateHmac(key.Secret);
        hmac.AppendData(w.WrittenSpan);
        return hmac.GetHashAndReset();
    }

    private static string Format(ulong seconds) => seconds <= (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds()
        ? DateTimeOffset.FromUnixTimeSeconds((long)seconds).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)
        : seconds.ToString(CultureInfo.InvariantCulture);
}
