using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace DaneKit.MtaSts;

/// <summary>Limits and trust of an MTA-STS policy fetch (RFC 8461 3.3). Plain options; every limit has a default.</summary>
public sealed class MtaStsFetchOptions
{
    /// <summary>The default body cap: 64 KiB. DaneKit's own limit: RFC 8461 3.3 lets senders bound the fetch, a policy is a few lines.</summary>
    public const int DefaultMaxBodyBytes = 64 * 1024;

    /// <summary>How long the TCP connection may take. Default 10 seconds.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the whole fetch (connection, TLS, request, headers and body) may take. Default 60 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest body read; a larger one is cut there and the fetch fails. Default <see cref="DefaultMaxBodyBytes"/>.</summary>
    public int MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>
    /// Extra trusted roots (private CAs, the testbed's). A certificate the system store does not trust is accepted when
    /// it chains to one of these (X509ChainTrustMode.CustomRootTrust); the name is checked either way. Null: system roots only.
    /// </summary>
    public X509Certificate2Collection? CustomRoots { get; init; }

    /// <summary>
    /// Connect to this address and port instead of resolving the policy host; TLS SNI, the certificate name check and the
    /// HTTP Host header stay <c>mta-sts.DOMAIN</c>. For the testbed and tests. Null: resolve the host, port 443.
    /// </summary>
    public IPEndPoint? ConnectTo { get; init; }

    /// <summary>The clock for the timeouts and for certificate validity against <see cref="CustomRoots"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
