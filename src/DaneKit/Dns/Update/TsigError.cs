using System.Globalization;

namespace DaneKit.Dns.Update;

/// <summary>
/// The Error field of a TSIG record (RFC 8945 3, 4.2): the extended RCODEs a server uses to say why it
/// could not verify a request. In the header such a response carries NOTAUTH (RFC 8945 5.3.2).
/// </summary>
public enum TsigError : ushort
{
    /// <summary>No error.</summary>
    NoError = 0,
    /// <summary>BADSIG: the MAC did not verify (RFC 8945 5.2.2).</summary>
    BadSig = 16,
    /// <summary>BADKEY: the key name or algorithm is unknown to the server (RFC 8945 5.2.1).</summary>
    BadKey = 17,
    /// <summary>BADTIME: the signature's time is outside the fudge of the server's clock (RFC 8945 5.2.3).</summary>
    BadTime = 18,
    /// <summary>BADMODE: bad TKEY mode (RFC 2930).</summary>
    BadMode = 19,
    /// <summary>BADNAME: duplicate key name (RFC 2930).</summary>
    BadName = 20,
    /// <summary>BADALG: algorithm not supported (RFC 2930).</summary>
    BadAlg = 21,
    /// <summary>BADTRUNC: the MAC was truncated too far (RFC 8945 5.2.2.1).</summary>
    BadTrunc = 22,
}

/// <summary>Presentation names of <see cref="TsigError"/> values.</summary>
public static class TsigErrors
{
    /// <summary>The upper-case mnemonic as dig prints it (BADSIG, BADKEY, ...), or the number.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The name.</returns>
    public static string ToText(this TsigError error) => Enum.IsDefined(error)
        ? error.ToString().ToUpperInvariant()
        : ((ushort)error).ToString(CultureInfo.InvariantCulture);
}
