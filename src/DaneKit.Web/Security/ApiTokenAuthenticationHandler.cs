using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DaneKit.Web.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer TOKEN</c> against <see cref="MonitorOptions.ApiToken"/>. The comparison is
/// constant-time over SHA-256 digests of both, so neither the token's content nor its length leaks through timing.
/// Its challenge and forbid write <c>{"error": ...}</c> JSON.
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger, UrlEncoder encoder, MonitorOptions monitor)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    /// <summary>The scheme name, also the identity's authentication type.</summary>
    public const string SchemeName = "DaneKit.Token";

    /// <inheritdoc/>
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!TryBearer(Request, out var presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (monitor.ApiToken is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("token access is not enabled on this monitor (--api-token)"));
        }

        if (!TokenEquals(presented, monitor.ApiToken))
        {
            return Task.FromResult(AuthenticateResult.Fail("the bearer token is not valid"));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "api-token"), new Claim(ClaimTypes.Name, "api-token")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <inheritdoc/>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        Response.Headers.WWWAuthenticate = "Bearer";
        var reason = result.Failure?.Message ?? "authentication required: send Authorization: Bearer TOKEN, or log in";
        await SecurityServices.WriteErrorAsync(Context, StatusCodes.Status401Unauthorized, reason).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        SecurityServices.WriteErrorAsync(Context, StatusCodes.Status403Forbidden, "not allowed");

    /// <summary>Whether the request carries <c>Authorization: Bearer ...</c>, and the token.</summary>
    /// <param name="request">The request.</param>
    /// <param name="token">The token, or empty.</param>
    /// <returns>Whether it does.</returns>
    internal static bool TryBearer(HttpRequest request, out string token)
    {
        token = "";
        var header = request.Headers.Authorization.ToString();
        if (header.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        token = header[7..].Trim();
        return true;
    }

    /// <summary>Compares a presented secret with the expected one in constant time (independent of content and length).</summary>
    /// <param name="presented">What the client sent.</param>
    /// <param name="expected">The configured secret.</param>
    /// <returns>Whether they are equal.</returns>
    internal static bool TokenEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
