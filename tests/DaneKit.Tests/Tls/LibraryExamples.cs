using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns;
using DaneKit.Dns.Resolver;
using DaneKit.Dnssec;
using DaneKit.Tls;
using DaneKit.Tlsa;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace DaneKit.Examples;

/// <summary>
/// The code of the library guide (<c>docs/library.md</c>), compiled here so that every snippet in the guide builds:
/// <c>LibraryGuideTests</c> checks that each C# block of the guide appears in this file line for line. The unit tests
/// run the SslStream and MailKit examples against in-process servers; the testbed tests (which link this file) run the
/// MailKit example against the testbed's DANE scenarios.
/// </summary>
public static class LibraryExamples
{
    /// <summary>DaneKit's DNSSEC validator, fed by a recursive resolver.</summary>
    /// <param name="resolver">The resolver's address.</param>
    /// <param name="anchors">The trust anchors; the IANA root's when null.</param>
    /// <returns>The validator.</returns>
    public static IDnssecValidator CreateValidator(IPAddress resolver, TrustAnchors? anchors = null)
    {
        // The resolver is asked with DO and CD set: it passes on the signatures and does not filter bogus data,
        // and DaneKit validates from the trust anchor itself (the resolver's AD bit is not trusted).
        var source = new StubDataSource(new StubResolverOptions { Servers = [new IPEndPoint(resolver, 53)] });
        return new DnssecValidator(source, anchors ?? TrustAnchors.IanaRoot);
    }

    /// <summary>DaneKit's DNSSEC validator, fed by DaneKit's own iterative resolver from the root servers.</summary>
    /// <returns>The validator.</returns>
    public static IDnssecValidator CreateIterativeValidator()
    {
        var resolver = new IterativeResolver(new IterativeResolverOptions { RootHints = RootHints.Iana, DnssecOk = true });
        return new DnssecValidator(new IterativeDataSource(resolver), TrustAnchors.IanaRoot);
    }

    /// <summary>Looks up the TLSA policy of one MX host for SMTP (port 25).</summary>
    /// <param name="dnssec">The DNSSEC validator.</param>
    /// <param name="mxHost">The MX host name, as in the MX record.</param>
    /// <param name="nextHopDomain">The recipient domain whose MX records named the host.</param>
    /// <param name="cancellationToken">Cancels the lookups.</param>
    /// <returns>The policy: what DANE demands of the connection, and the records to match.</returns>
    public static async Task<DaneTlsaPolicy> LookupSmtpTlsaAsync(
        IDnssecValidator dnssec, string mxHost, string nextHopDomain, CancellationToken cancellationToken)
    {
        var mx = DnsName.Parse(mxHost);
        var none = TlsaRecordSet.Create([], TlsaContext.Smtp);

        // TLSA is looked up only for an MX host whose addresses are Secure: in an unsigned zone many servers
        // answer TLSA queries with SERVFAIL, which would turn a working domain into deferred mail.
        var addresses = await dnssec.ValidateAsync(mx, DnsType.A, cancellationToken);
        if (addresses.Status != SecurityStatus.Secure)
        {
            var names = new DaneReferenceNames(mxHost, mxHost, nextHopDomain);
            return new DaneTlsaPolicy(none, addresses.Status, names,
                $"the addresses of {mx} are {addresses.Status}; TLSA is looked up only for Secure MX hosts");
        }

        // An MX host that is an alias: TLSA is looked up at the expanded name first (the TLSA base domain).
        var baseDomain = addresses.Records.Count > 0 ? addresses.Records[0].Name : mx;
        var tlsaNames = new DaneReferenceNames(baseDomain.ToString(), mxHost, nextHopDomain);
        var tlsa = await dnssec.ValidateAsync(baseDomain.Prepend("_tcp").Prepend("_25"), DnsType.TLSA, cancellationToken);
        if (baseDomain != mx && tlsa.Status == SecurityStatus.Secure && tlsa.IsDenial)
        {
            // Securely none at the expanded name, and the alias is Secure: fall back to the MX host name itself.
            tlsa = await dnssec.ValidateAsync(mx.Prepend("_tcp").Prepend("_25"), DnsType.TLSA, cancellationToken);
            tlsaNames = tlsaNames with { TlsaBaseDomain = mxHost };
        }

        return DaneTlsaPolicy.FromAnswer(tlsa, tlsaNames, TlsaContext.Smtp);
    }

    /// <summary>
    /// Connects a MailKit client to an MX host with DANE enforced: STARTTLS is required and the server's certificate
    /// must satisfy the policy. Throws <see cref="SslHandshakeException"/> when it does not.
    /// </summary>
    /// <param name="client">The client, not yet connected.</param>
    /// <param name="policy">The policy; its requirement must be Authenticate or NoUsableRecords (or Defer, which fails).</param>
    /// <param name="onValidated">Receives the check of the server's certificate, also when it fails.</param>
    /// <param name="cancellationToken">Cancels the connection.</param>
    /// <returns>A task that completes when the client is connected.</returns>
    public static async Task ConnectWithDaneAsync(
        SmtpClient client, DaneTlsaPolicy policy, Action<DaneValidationResult> onValidated, CancellationToken cancellationToken)
    {
        var validator = new DaneCertificateValidator(policy);
        client.ServerCertificateValidationCallback = validator.CreateCallback(onValidated);

        // DANE replaces WebPKI here: no CRL or OCSP fetch should hold up (or decide) the handshake.
        client.CheckCertificateRevocation = false;

        // The host name is also the SNI name: the TLSA base domain, never the recipient domain or an address.
        var host = policy.Names.TlsaBaseDomain!.TrimEnd('.');
        await client.ConnectAsync(host, 25, SecureSocketOptions.StartTls, cancellationToken);
    }

    /// <summary>Looks up the MX host's TLSA policy and connects as it demands.</summary>
    /// <param name="client">The client, not yet connected.</param>
    /// <param name="dnssec">The DNSSEC validator.</param>
    /// <param name="mxHost">The MX host name.</param>
    /// <param name="nextHopDomain">The recipient domain.</param>
    /// <param name="cancellationToken">Cancels the lookups and the connection.</param>
    /// <returns>What happened.</returns>
    public static async Task<MxConnection> ConnectToMxAsync(
        SmtpClient client, IDnssecValidator dnssec, string mxHost, string nextHopDomain, CancellationToken cancellationToken)
    {
        var policy = await LookupSmtpTlsaAsync(dnssec, mxHost, nextHopDomain, cancellationToken);
        switch (policy.Requirement)
        {
            case DaneTlsaRequirement.Defer:
                // The lookup failed (Bogus or Indeterminate): never "no TLSA". Do not connect; keep the message
                // queued and try again later (RFC 7672 2.1.1).
                return new MxConnection(policy, null, false);
            case DaneTlsaRequirement.NotApplicable:
                // No Secure TLSA: DANE does not apply. Your own policy decides: a DANE MTA uses opportunistic
                // STARTTLS here (SecureSocketOptions.StartTlsWhenAvailable); MTA-STS may demand WebPKI.
                return new MxConnection(policy, null, false);
        }

        DaneValidationResult? validation = null;
        try
        {
            await ConnectWithDaneAsync(client, policy, r => validation = r, cancellationToken);
            return new MxConnection(policy, validation, true);
        }
        catch (SslHandshakeException)
        {
            // validation says why (e.g. "DANE-EE 3 1 1 …: the leaf gives 3 1 1 …"). Do not deliver in cleartext:
            // try the next MX host, or defer.
            return new MxConnection(policy, validation, false);
        }
        catch (NotSupportedException)
        {
            // The server offers no STARTTLS. With DANE that is a failure like a wrong certificate, never a reason
            // to send in cleartext.
            return new MxConnection(policy, null, false);
        }
    }

    /// <summary>Sends a message to one MX host of its recipient domain, with DANE enforced where it applies.</summary>
    /// <param name="message">The message.</param>
    /// <param name="dnssec">The DNSSEC validator.</param>
    /// <param name="mxHost">The MX host name.</param>
    /// <param name="nextHopDomain">The recipient domain.</param>
    /// <param name="cancellationToken">Cancels the lookups and the delivery.</param>
    /// <returns>True when the message was sent.</returns>
    public static async Task<bool> SendWithDaneAsync(
        MimeMessage message, IDnssecValidator dnssec, string mxHost, string nextHopDomain, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient();
        var connection = await ConnectToMxAsync(client, dnssec, mxHost, nextHopDomain, cancellationToken);
        if (!connection.Connected)
        {
            // Log connection.Policy.Description and connection.Validation?.Description, then try the next MX host,
            // or (NotApplicable) your own policy, or keep the message queued.
            return false;
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
        return true;
    }

    /// <summary>Authenticates a TLS client stream with DANE.</summary>
    /// <param name="transport">The connected transport (after STARTTLS, for a protocol that has it).</param>
    /// <param name="policy">The TLSA policy of the server.</param>
    /// <param name="onValidated">Receives the check of the server's certificate, also when it fails.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <returns>The authenticated stream, which owns <paramref name="transport"/>.</returns>
    public static async Task<SslStream> AuthenticateWithDaneAsync(
        Stream transport, DaneTlsaPolicy policy, Action<DaneValidationResult> onValidated, CancellationToken cancellationToken)
    {
        var validator = new DaneCertificateValidator(policy);
        var ssl = new SslStream(transport, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = policy.Names.TlsaBaseDomain?.TrimEnd('.'),
                RemoteCertificateValidationCallback = validator.CreateCallback(onValidated),
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, cancellationToken);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
    }
}

/// <summary>What <see cref="LibraryExamples.ConnectToMxAsync"/> did.</summary>
/// <param name="Policy">The MX host's TLSA policy.</param>
/// <param name="Validation">The check of the server's certificate; null when no TLS handshake was tried.</param>
/// <param name="Connected">True when the client is connected over TLS that the policy accepted.</param>
public sealed record MxConnection(DaneTlsaPolicy Policy, DaneValidationResult? Validation, bool Connected);
