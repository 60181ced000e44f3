using System.Buffers.Binary;
using DaneKit.Dns;
using DaneKit.Dns.Update;
using static DaneKit.Tests.Dns.Update.UpdateSamples;

namespace DaneKit.Tests.Dns.Update;

/// <summary>
/// RFC 8945 TSIG: requests signed here must equal dnspython's octet for octet, and dnspython's signed
/// responses must verify here; then each way a response can fail.
/// </summary>
public sealed class Rfc8945TsigTests
{
    public static TheoryData<string> Algorithms => new() { "Sha256", "Sha384", "Sha512", "Sha1" };

    private static (TsigKey Key, string Signed, string Mac, string Response) Vector(string prefix) => prefix switch
    {
        "Sha256" => (Key(UpdateVectors.Sha256KeyName, UpdateVectors.Sha256Algorithm, UpdateVectors.Sha256Secret),
            UpdateVectors.Sha256SignedUpdate, UpdateVectors.Sha256RequestMac, UpdateVectors.Sha256SignedResponse),
        "Sha384" => (Key(UpdateVectors.Sha384KeyName, UpdateVectors.Sha384Algorithm, UpdateVectors.Sha384Secret),
            UpdateVectors.Sha384SignedUpdate, UpdateVectors.Sha384RequestMac, UpdateVectors.Sha384SignedResponse),
        "Sha512" => (Key(UpdateVectors.Sha512KeyName, UpdateVectors.Sha512Algorithm, UpdateVectors.Sha512Secret),
            UpdateVectors.Sha512SignedUpdate, UpdateVectors.Sha512RequestMac, UpdateVectors.Sha512SignedResponse),
        _ => (Key(UpdateVectors.Sha1KeyName, UpdateVectors.Sha1Algorithm, UpdateVectors.Sha1Secret),
            UpdateVectors.Sha1SignedUpdate, UpdateVectors.Sha1RequestMac, UpdateVectors.Sha1SignedResponse),
    };

    private static TsigSignedMessage SignVectorRequest(TsigKey key) =>
        Tsig.Sign(VectorUpdate().ToWire(UpdateVectors.MessageId), key, UpdateClock.At(UpdateVectors.TimeSigned));

    private static UpdateClock AtResponse => UpdateClock.At(UpdateVectors.ResponseTime);

    [Trait("RFC 8945", "4.3")]
    [Theory]
    [MemberData(nameof(Algorithms))]
    public void RequestMacMatchesDnspython(string algorithm)
    {
        var (key, signed, mac, _) = Vector(algorithm);
        var request = SignVectorRequest(key);
        Assert.Equal(mac, Convert.ToHexString(request.Mac.Span));
        Assert.Equal(signed, Convert.ToHexString(request.Wire.Span));
        Assert.Equal(UpdateVectors.MessageId, request.OriginalId);
        Assert.Equal(UpdateVectors.TimeSigned, request.TimeSigned.ToUnixTimeSeconds());
        Assert.Equal(300, request.Fudge);
    }

    [Trait("RFC 8945", "5.4")]
    [Theory]
    [MemberData(nameof(Algorithms))]
    public void DnspythonSignedResponseVerifies(string algorithm)
    {
        var (key, _, _, response) = Vector(algorithm);
        var v = Tsig.VerifyResponse(Hex(response), SignVectorRequest(key), AtResponse);
        Assert.Equal(TsigStatus.Verified, v.Status);
        Assert.True(v.IsVerified);
        Assert.False(v.ReportedByServer);
        Assert.Equal(UpdateVectors.ResponseTime, v.TimeSigned!.Value.ToUnixTimeSeconds());
    }

    [Trait("RFC 8945", "5.3")]
    [Fact]
    public void ResponseSignedHereEqualsDnspythons()
    {
        var request = SignVectorRequest(Sha256Key);
        var unsigned = Response(request.Wire.Span, DnsResponseCode.NoError);
        var response = Tsig.SignResponse(unsigned, Sha256Key, request.Mac.Span, AtResponse);
        Assert.Equal(UpdateVectors.Sha256SignedResponse, Convert.ToHexString(response.Wire.Span));
    }

    [Trait("RFC 8945", "5.4")]
    [Fact]
    public void SignedRefusedResponseVerifies()
    {
        var v = Tsig.VerifyResponse(Hex(UpdateVectors.Sha256RefusedResponse), SignVectorRequest(Sha256Key), AtResponse);
        Assert.Equal(TsigStatus.Verified, v.Status);
    }

    [Trait("RFC 8945", "5.2.3")]
    [Fact]
    public void BadTimeFromTheServerIsReportedWithItsClock()
    {
        var v = Tsig.VerifyResponse(Hex(UpdateVectors.Sha256BadTimeResponse), SignVectorRequest(Sha256Key), AtResponse);
        Assert.Equal(TsigStatus.BadTime, v.Status);
        Assert.True(v.ReportedByServer);
        Assert.Equal(TsigError.BadTime, v.ServerError);
        Assert.Equal(UpdateVectors.BadTimeServerTime, v.ServerTime!.Value.ToUnixTimeSeconds());
        Assert.Contains("differs from ours", v.Reason, StringComparison.Ordinal);
        Assert.Contains("by 1000 s", v.Reason, StringComparison.Ordinal);
    }

    [Trait("RFC 8945", "5.3.2")]
    [Theory]
    [InlineData(TsigError.BadKey, TsigStatus.BadKey, "does not know key")]
    [InlineData(TsigError.BadSig, TsigStatus.BadSig, "could not verify the request's MAC")]
    [InlineData(TsigError.BadTime, TsigStatus.BadTime, "outside the fudge")]
    [InlineData((TsigError)99, TsigStatus.OtherServerError, "TSIG error 99")]
    public void UnsignedErrorsFromTheServerAreReportedAsSuch(TsigError error, TsigStatus status, string reason)
    {
        var request = SignVectorRequest(Sha256Key);
        var response = WithUnsignedTsigError(Response(request.Wire.Span, DnsResponseCode.NotAuth), Sha256Key.Name,
            Sha256Key.Algorithm.Name, UpdateVectors.ResponseTime, error);
        var v = Tsig.VerifyResponse(response, request, AtResponse);
        Assert.Equal(status, v.Status);
        Assert.True(v.ReportedByServer);
        Assert.Equal(error, v.ServerError);
        Assert.Contains(reason, v.Reason, StringComparison.Ordinal);
    }

    [Trait("RFC 8945", "5.4.1")]
    [Fact]
    public void FlippedMacIsBadSig()
    {
        var response = Hex(UpdateVectors.Sha256SignedResponse);
        response[^10] ^= 0x01; // inside the MAC (then Original ID, Error, Other Len: 6 octets)
        var v = Tsig.VerifyResponse(response, SignVectorRequest(Sha256Key), AtResponse);
        Assert.Equal(TsigStatus.BadSig, v.Status);
        Assert.False(v.ReportedByServer);
    }

    [Trait("RFC 8945", "5.4.1")]
    [Fact]
    public void AlteredMessageIsBadSig()
    {
        var response = Hex(UpdateVectors.Sha256SignedResponse);
        response[3] |= 0x05; // RCODE NOERROR -> REFUSED
        Assert.Equal(TsigStatus.BadSig, Tsig.VerifyResponse(response, SignVectorRequest(Sha256Key), AtResponse).Status);
    }

    [Trait("RFC 8945", "4.3.1")]
    [Fact]
    public void ResponseMacCoversTheRequestMac()
    {
        // The same response verified against another request (another MAC) fails.
        var other = Tsig.Sign(VectorUpdate().ToWire(UpdateVectors.MessageId), Sha256Key, UpdateClock.At(UpdateVectors.TimeSigned + 1));
        Assert.Equal(TsigStatus.BadSig, Tsig.VerifyResponse(Hex(UpdateVectors.Sha256SignedResponse), other, AtResponse).Status);
    }

    [Trait("RFC 8945", "5.4.1")]
    [Fact]
    public void ResponseSignedWithAnotherKeyNameIsBadKey()
    {
        var renamed = Key("other-key.", UpdateVectors.Sha256Algorithm, UpdateVectors.Sha256Secret);
        var v = Tsig.VerifyResponse(Hex(UpdateVectors.Sha256SignedResponse), SignVectorRequest(renamed), AtResponse);
        Assert.Equal(TsigStatus.BadKey, v.Status);
        Assert.False(v.ReportedByServer);
        Assert.Contains("signed with key danekit-update. (hmac-sha256.), not the request's key other-key.", v.Reason, StringComparison.Ordinal);
    }

    [Trait("RFC 8945", "5.4.1")]
    [Fact]
    public void ResponseSignedWithAnotherAlgorithmIsBadKey()
    {
        var sha512 = Key(UpdateVectors.Sha256KeyName, "hmac-sha512", UpdateVectors.Sha256Secret);
        Assert.Equal(TsigStatus.BadKey, Tsig.VerifyResponse(Hex(UpdateVectors.Sha256SignedResponse), SignVectorRequest(sha512), AtResponse).Status);
    }

    [Trait("RFC 8945", "5.4.1")]
    [Fact]
    public void SameNameOtherSecretIsBadSig()
    {
        var wrong = Key(UpdateVectors.Sha256KeyName, UpdateVectors.Sha256Algorithm, UpdateVectors.Sha512Secret);
        Assert.Equal(TsigStatus.BadSig, Tsig.VerifyResponse(Hex(UpdateVectors.Sha256SignedResponse), SignVectorRequest(wrong), AtResponse).Status);
    }

    [Trait("RFC 8945", "5.4.2")]
    [Theory]
    [InlineData(300, TsigStatus.Verified)]
    [InlineData(-300, TsigStatus.Verified)]
    [InlineData(301, TsigStatus.BadTime)]
    [InlineData(-301, TsigStatus.BadTime)]
    [InlineData(86400, TsigStatus.BadTime)]
    public void TimeMustBeWithinTheFudge(long offset, TsigStatus expected)
    {
        var v = Tsig.VerifyResponse(Hex(UpdateVectors.Sha256SignedResponse), SignVectorRequest(Sha256Key),
            UpdateClock.At(UpdateVectors.ResponseTime + offset));
        Assert.Equal(expected, v.Status);
        Assert.False(v.ReportedByServer);
        if (expected == TsigStatus.BadTime)
        {
            Assert.Contains("beyond its fudge of 300 s", v.Reason, StringComparison.Ordinal);
        }
    }

    [Trait("RFC 8945", "5.4.1")]
    [Fact]
    public void MissingTsigIsAnError()
    {
        var request = SignVectorRequest(Sha256Key);
        var v = Tsig.VerifyResponse(Response(request.Wire.Span, DnsResponseCode.NoError), request, AtResponse);
        Assert.Equal(TsigStatus.Missing, v.Status);
        Assert.False(v.IsVerified);
        Assert.Contains("not signed although the request was signed", v.Reason, StringComparison.Ordinal);
    }

    [Trait("RFC 8945", "4.3.2")]
    [Fact]
    public void OriginalIdIsWhatIsSigned()
    {
        // A forwarder may change the header ID; the MAC covers the Original ID from the TSIG record.
        var response = Hex(UpdateVectors.Sha256SignedResponse);
        BinaryPrimitives.WriteUInt16BigEndian(response, 0xBEEF);
        Assert.Equal(TsigStatus.Verified, Tsig.VerifyResponse(response, SignVectorRequest(Sha256Key), AtResponse).Status);
    }

    [Trait("RFC 8945", "5.2.2.1")]
    [Theory]
    [InlineData(32, TsigStatus.Verified)]
    [InlineData(16, TsigStatus.Verified)]
    [InlineData(15, TsigStatus.BadTrunc)]
    [InlineData(0, TsigStatus.BadTrunc)]
    public void TruncatedMacs(int macLength, TsigStatus expected)
    {
        var response = TruncateMac(Hex(UpdateVectors.Sha256SignedResponse), fullMac: 32, macLength);
        Assert.Equal(expected, Tsig.VerifyResponse(response, SignVectorRequest(Sha256Key), AtResponse).Status);
    }

    [Trait("RFC 8945", "5.4")]
    [Fact]
    public void TsigThatIsNotLastIsMalformed()
    {
        var response = Hex(UpdateVectors.Sha256SignedResponse);
        const int tsigStart = 12 + 13 + 4; // header, example.com. SOA IN
        var doubled = response.Concat(response.AsSpan(tsigStart).ToArray()).ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(doubled.AsSpan(10), 2);
        var v = Tsig.VerifyResponse(doubled, SignVectorRequest(Sha256Key), AtResponse);
        Assert.Equal(TsigStatus.Malformed, v.Status);
        Assert.Contains("is not the last record", v.Reason, StringComparison.Ordinal);
    }

    [Trait("RFC 8945", "4.2")]
    [Fact]
    public void TsigWithAnotherClassIsMalformed()
    {
        var response = Hex(UpdateVectors.Sha256SignedResponse);
        var classAt = 12 + 13 + 4 + 16 + 2; // after the owner danekit-update. and TYPE
        BinaryPrimitives.WriteUInt16BigEndian(response.AsSpan(classAt), 1);
        Assert.Equal(TsigStatus.Malformed, Tsig.VerifyResponse(response, SignVectorRequest(Sha256Key), AtResponse).Status);
    }

    [Fact]
    public void CutOrRandomResponsesNeverThrow()
    {
        var request = SignVectorRequest(Sha256Key);
        var response = Hex(UpdateVectors.Sha256SignedResponse);
        for (var cut = 0; cut < response.Length; cut++)
        {
            var v = Tsig.VerifyResponse(response.AsSpan(0, cut), request, AtResponse);
            Assert.NotEqual(TsigStatus.Verified, v.Status);
        }

        var rng = new Random(2136);
        for (var i = 0; i < 2000; i++)
        {
            var mutated = (byte[])response.Clone();
            for (var j = rng.Next(1, 4); j > 0; j--)
            {
                mutated[rng.Next(mutated.Length)] = (byte)rng.Next(256);
            }

            _ = Tsig.VerifyResponse(mutated, request, AtResponse);
        }
    }

    [Fact]
    public void TryReadSignatureShowsKeyAndError()
    {
        Assert.True(Tsig.TryReadSignature(Hex(UpdateVectors.Sha256BadTimeResponse), out var name, out var error));
        Assert.Equal((UpdateVectors.Sha256KeyName, TsigError.BadTime), (name!.ToString(), error));
        Assert.False(Tsig.TryReadSignature(Hex(UpdateVectors.UnsignedUpdate), out _, out _));
    }

    /// <summary>Rewrites the MAC of a signed message (TSIG last, no Other Data) to its first <paramref name="length"/> octets.</summary>
    private static byte[] TruncateMac(byte[] signed, int fullMac, int length)
    {
        var macAt = signed.Length - 6 - fullMac;
        var sizeAt = macAt - 2;
        var algorithmAt = sizeAt - 8 - 13; // Time Signed, Fudge; hmac-sha256. is 13 octets
        var rdlengthAt = algorithmAt - 2;
        var result = signed[..macAt].Concat(signed.AsSpan(macAt, length).ToArray()).Concat(signed[^6..]).ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(sizeAt), (ushort)length);
        var rdlength = BinaryPrimitives.ReadUInt16BigEndian(result.AsSpan(rdlengthAt));
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(rdlengthAt), (ushort)(rdlength - fullMac + length));
        return result;
    }
}
