using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns.Records;
using DaneKit.Tlsa;

namespace DaneKit.Tls;

/// <summary>
/// Checks a TLS server's certificate against a <see cref="DaneTlsaPolicy"/>, as a
/// <see cref="RemoteCertificateValidationCallback"/> for <see cref="SslStream"/> or MailKit's
/// <c>SmtpClient.ServerCertificateValidationCallback</c>. Matching uses the certificates exactly as the server sent
/// them (<see cref="ServedChain"/>), never the chain .NET built from its own stores (RFC 7671 5.2.2, dane-rules 17).
/// </summary>
/// <remarks>
/// <para>
/// Per requirement of the policy (RFC 7672 2.2):
/// <list type="bullet">
/// <item><see cref="DaneTlsaRequirement.Authenticate"/>: accepted if and only if a usable record matches
/// (<see cref="DaneMatcher"/>). For DANE-EE(3) and DANE-TA(2) the <see cref="SslPolicyErrors"/> .NET reports are
/// ignored: DANE replaces WebPKI, so an untrusted root, a name mismatch or (DANE-EE) an expired leaf do not count
/// (RFC 7672 3.1). A PKIX-TA(0) or PKIX-EE(1) record (usable outside SMTP only) that matches also needs
/// <see cref="SslPolicyErrors.None"/> (RFC 6698 2.1.1); the matcher is given no PKIX trust roots here, so such a
/// record currently fails with its reason.</item>
/// <item><see cref="DaneTlsaRequirement.NoUsableRecords"/>: as <see cref="DaneCertificateValidatorOptions.NoUsableRecords"/>
/// says; for SMTP, any certificate is accepted and the result says "encrypted, unauthenticated".</item>
/// <item><see cref="DaneTlsaRequirement.Defer"/>: every certificate is rejected. The right action is not to connect at
/// all; a caller that connects anyway still never gets an unauthenticated channel.</item>
/// <item><see cref="DaneTlsaRequirement.NotApplicable"/>: no validator is built (the constructor throws), because DANE
/// has nothing to say and any built-in choice (accept all, WebPKI) would silently be someone's downgrade.</item>
/// </list>
/// </para>
/// <para>
/// Thread-safe and stateless between calls: one validator may serve any number of connections at once. Each check's
/// <see cref="DaneValidationResult"/> goes to that connection's own callback (<see cref="CreateCallback"/>), and to
/// <see cref="Validated"/> with the callback's sender, never to a shared "last result".
/// </para>
/// <para>
/// The validator does not choose the SNI name: give the TLS client the TLSA base domain (the MX host after CNAME
/// expansion) as its target host, never the recipient domain or an address (RFC 7672 8.1).
/// </para>
/// </remarks>
public sealed class DaneCertificateValidator
{
    private readonly DaneNoUsableRecordsMode _noUsableRecords;

    /// <summary>Creates a validator for one policy.</summary>
    /// <param name="policy">The TLSA RRset, its status and the reference names.</param>
    /// <param name="options">The clock and the handling of unusable records; the defaults when null.</param>
    /// <exception cref="ArgumentException">
    /// The policy's requirement is <see cref="DaneTlsaRequirement.NotApplicable"/>: there is no Secure TLSA RRset, so
    /// DANE does not apply and the caller's own TLS policy must decide.
    /// </exception>
    public DaneCertificateValidator(DaneTlsaPolicy policy, DaneCertificateValidatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Requirement == DaneTlsaRequirement.NotApplicable)
        {
            throw new ArgumentException(
                $"{policy.Description}: there is nothing for a DANE validator to enforce. Check DaneTlsaPolicy.Requirement first "
                + "and apply your own TLS policy (opportunistic STARTTLS, MTA-STS, WebPKI) for this server.", nameof(policy));
        }

        Policy = policy;
        Options = options ?? new DaneCertificateValidatorOptions();
        ArgumentNullException.ThrowIfNull(Options.TimeProvider, nameof(options));
        _noUsableRecords = Options.NoUsableRecords
            ?? (policy.Records.Context == TlsaContext.Smtp ? DaneNoUsableRecordsMode.AcceptUnauthenticated : DaneNoUsableRecordsMode.RequireWebPki);
    }

    /// <summary>
    /// Raised after every check made through <see cref="Validate"/> or a callback from <see cref="CreateCallback"/>, with
    /// the callback's sender, before the result is returned to the TLS stack. Handlers run on the handshake's thread;
    /// an exception from one fails the handshake.
    /// </summary>
    public event EventHandler<DaneValidationEventArgs>? Validated;

    /// <summary>The policy certificates are checked against.</summary>
    public DaneTlsaPolicy Policy { get; }

    /// <summary>The options.</summary>
    public DaneCertificateValidatorOptions Options { get; }

    /// <summary>
    /// The validation callback itself: usable directly as a <see cref="RemoteCertificateValidationCallback"/>
    /// (<c>validator.Validate</c>). Raises <see cref="Validated"/>.
    /// </summary>
    /// <param name="sender">The TLS stack's sender: the <see cref="SslStream"/>, or for MailKit the host name.</param>
    /// <param name="certificate">The server's leaf certificate, or null when it sent none.</param>
    /// <param name="chain">The chain .NET built; only the certificates the server sent are taken from it.</param>
    /// <param name="sslPolicyErrors">.NET's own WebPKI verdict; used only where the policy says so.</param>
    /// <returns>True to accept the certificate.</returns>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors sslPolicyErrors) =>
        Report(sender, Evaluate(certificate, chain, sslPolicyErrors), null).Accepted;

    /// <summary>
    /// A callback for one connection that passes that connection's result to <paramref name="onResult"/> (and raises
    /// <see cref="Validated"/>), so the caller can say why a handshake failed:
    /// <c>client.ServerCertificateValidationCallback = validator.CreateCallback(r => result = r);</c>
    /// </summary>
    /// <param name="onResult">Receives the result before it is returned to the TLS stack; null for none.</param>
    /// <returns>The callback.</returns>
    public RemoteCertificateValidationCallback CreateCallback(Action<DaneValidationResult>? onResult = null) =>
        (sender, certificate, chain, errors) => Report(sender, Evaluate(certificate, chain, errors), onResult).Accepted;

    /// <summary>Checks a certificate without reporting it anywhere: pure apart from reading the clock.</summary>
    /// <param name="certificate">The server's leaf certificate, as given to a validation callback.</param>
    /// <param name="chain">The callback's chain (its extra store holds what the server sent).</param>
    /// <param name="sslPolicyErrors">.NET's own WebPKI verdict.</param>
    /// <returns>The result.</returns>
    public DaneValidationResult Evaluate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors sslPolicyErrors)
    {
        var now = Options.TimeProvider.GetUtcNow();
        IReadOnlyList<X509Certificate2> served;
        try
        {
            served = ServedChain.FromValidationCallback(certificate, chain);
        }
        catch (CryptographicException e)
        {
            return Result(DaneValidationOutcome.Failed, $"the server's certificates cannot be read: {e.Message}", null, sslPolicyErrors, false, 0, null, now);
        }

        try
        {
            var leafSubject = served.Count > 0 ? served[0].Subject : null;
            return Policy.Requirement switch
            {
                DaneTlsaRequirement.Authenticate => Authenticate(served, sslPolicyErrors, leafSubject, now),
                DaneTlsaRequirement.NoUsableRecords => NoUsableRecords(served.Count, sslPolicyErrors, leafSubject, now),
                _ => Result(DaneValidationOutcome.Deferred, Policy.Description, null, sslPolicyErrors, false, served.Count, leafSubject, now),
            };
        }
        finally
        {
            foreach (var c in served)
            {
                c.Dispose();
            }
        }
    }

    private DaneValidationResult Authenticate(IReadOnlyList<X509Certificate2> served, SslPolicyErrors errors, string? leafSubject, DateTimeOffset now)
    {
        DaneMatchResult match;
        try
        {
            match = DaneMatcher.Match(Policy.Records, Policy.Status, served, Policy.Names, now, Options.PkixTrustRoots);
        }
        catch (CryptographicException e)
        {
            // Fail closed: a certificate the matcher cannot read authenticates nothing.
            return Result(DaneValidationOutcome.Failed, $"the server's certificates cannot be matched: {e.Message}", null, errors, false, served.Count, leafSubject, now);
        }

        if (match.MatchedRecord is not { } record)
        {
            return Result(DaneValidationOutcome.Failed, match.ToString(), match, errors, false, served.Count, leafSubject, now);
        }

        if (record.Usage is TlsaUsage.PkixTa or TlsaUsage.PkixEe)
        {
            // PKIX usages constrain WebPKI; they do not replace it (RFC 6698 2.1.1).
            return errors == SslPolicyErrors.None
                ? Result(DaneValidationOutcome.Authenticated, $"{match.Description}, and WebPKI validation passed", match, errors, true, served.Count, leafSubject, now)
                : Result(DaneValidationOutcome.Failed, $"{match.Description}, but a PKIX usage also needs WebPKI validation, which failed: {errors} (RFC 6698 2.1.1)",
                    match, errors, true, served.Count, leafSubject, now);
        }

        var ignored = errors == SslPolicyErrors.None ? "" : $" (WebPKI errors ignored under DANE: {errors})";
        return Result(DaneValidationOutcome.Authenticated, match.Description + ignored, match, errors, false, served.Count, leafSubject, now);
    }

    private DaneValidationResult NoUsableRecords(int servedCount, SslPolicyErrors errors, string? leafSubject, DateTimeOffset now) => _noUsableRecords switch
    {
        DaneNoUsableRecordsMode.AcceptUnauthenticated => Result(DaneValidationOutcome.EncryptedUnauthenticated,
            $"{Policy.Description}; any certificate accepted", null, errors, false, servedCount, leafSubject, now),
        DaneNoUsableRecordsMode.RequireWebPki when errors == SslPolicyErrors.None => Result(DaneValidationOutcome.WebPkiAuthenticated,
            "no usable TLSA record; WebPKI validation passed", null, errors, true, servedCount, leafSubject, now),
        DaneNoUsableRecordsMode.RequireWebPki => Result(DaneValidationOutcome.Failed,
            $"no usable TLSA record, and WebPKI validation failed: {errors}", null, errors, true, servedCount, leafSubject, now),
        _ => Result(DaneValidationOutcome.Failed,
            $"{Policy.Description}; rejected, as the validator was told (DaneNoUsableRecordsMode.Reject)", null, errors, false, servedCount, leafSubject, now),
    };

    private DaneValidationResult Result(DaneValidationOutcome outcome, string description, DaneMatchResult? match, SslPolicyErrors errors,
        bool errorsUsed, int served, string? leafSubject, DateTimeOffset now) =>
        new(Policy, outcome, description, match, errors, errorsUsed, served, leafSubject, now);

    private DaneValidationResult Report(object? sender, DaneValidationResult result, Action<DaneValidationResult>? onResult)
    {
        onResult?.Invoke(result);
        Validated?.Invoke(this, new DaneValidationEventArgs(sender, result));
        return result;
    }
}
