using System.Globalization;
using System.Threading.RateLimiting;
using DaneKit.Web.Api;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DaneKit.Web.Security;

/// <summary>
/// The monitor's access control (docs/monitor-api.md): an <c>admin</c> login by cookie, a bearer API token, the
/// <see cref="MonitorPolicies"/>, antiforgery for everything a login cookie does, login throttling, rate limits, and
/// security headers on every response. Also registers <see cref="MonitorMetrics"/> (the service the API and the check
/// engine share).
/// </summary>
public static class SecurityServices
{
    /// <summary>The scheme that picks the token scheme for <c>Authorization: Bearer</c> and the cookie scheme otherwise.</summary>
    public const string DefaultScheme = "DaneKit";

    /// <summary>The login cookie's scheme, also the identity's authentication type.</summary>
    public const string CookieScheme = "DaneKit.Cookie";

    /// <summary>The header an API call made with the login cookie sends the antiforgery token in.</summary>
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    /// <summary>The form field the antiforgery token travels in (ASP.NET Core's default).</summary>
    public const string AntiforgeryFormField = "__RequestVerificationToken";

    /// <summary>The rate limiting policy of the login endpoint.</summary>
    public const string LoginRateLimit = "danekit-login";

    /// <summary>The rate limiting policy of TLS-RPT ingestion.</summary>
    public const string TlsRptRateLimit = "danekit-tlsrpt";

    /// <summary>The Content-Security-Policy of every response.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    /// <summary>The user name of the login.</summary>
    public const string AdminUser = "admin";

    /// <summary>Registers the services.</summary>
    /// <param name="services">The services.</param>
    /// <param name="options">The configuration.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddMonitorSecurity(this IServiceCollection services, MonitorOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MonitorMetrics>();
        services.TryAddSingleton<LoginThrottle>();

        // Behind a reverse proxy on the same host (the usual way to serve HTTPS, which RFC 8460 5.2 needs): its
        // X-Forwarded-For and X-Forwarded-Proto are believed, so rate limits see the client and cookies are Secure.
        // Only loopback proxies are trusted (the framework's default), so remote clients cannot claim another address.
        services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);

        services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, "Login cookie or API token", o =>
                o.ForwardDefaultSelector = context => ApiTokenAuthenticationHandler.TryBearer(context.Request, out _) ? ApiTokenAuthenticationHandler.SchemeName : CookieScheme)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "danekit-auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.Path = "/";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.LoginPath = "/login";
                o.LogoutPath = "/account/logout";
                o.ReturnUrlParameter = "returnUrl";
                o.Events.OnRedirectToLogin = context =>
                {
                    if (IsApiRequest(context.Request))
                    {
                        context.Response.Headers.WWWAuthenticate = "Bearer";
                        return WriteErrorAsync(context.HttpContext, StatusCodes.Status401Unauthorized,
                            "authentication required: send Authorization: Bearer TOKEN, or log in");
                    }

                    var back = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
                    context.Response.Redirect("/login?returnUrl=" + Uri.EscapeDataString(back));
                    return Task.CompletedTask;
                };
                o.Events.OnRedirectToAccessDenied = context =>
                    WriteErrorAsync(context.HttpContext, StatusCodes.Status403Forbidden, "not allowed");
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);

        services.AddAuthorizationBuilder()
            .AddPolicy(MonitorPolicies.Read, p => p.RequireAssertion(c => options.PublicDashboard || c.User.Identity?.IsAuthenticated == true))
            .AddPolicy(MonitorPolicies.Write, p => p.RequireAuthenticatedUser());

        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.FormFieldName = AntiforgeryFormField;
            o.Cookie.Name = "danekit-csrf";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // X-Frame-Options: DENY is set on every response by the security headers.
            o.SuppressXFrameOptionsHeader = true;
        });

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return new ValueTask(WriteErrorAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "too many requests; try again later"));
            };
            o.AddPolicy(LoginRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(ClientKey(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.AddPolicy(TlsRptRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(ClientKey(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 60, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }

    /// <summary>
    /// Adds the middleware (security headers, JSON errors for the API, rate limiting, authentication, authorization,
    /// antiforgery) and maps the account endpoints: <c>POST /account/login</c>, <c>POST /account/logout</c> and
    /// <c>GET /account/antiforgery</c>.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication UseMonitorSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForwardedHeaders();
        app.Use(SecurityHeadersAsync);
        app.Use(ApiExceptionsAsync);
        app.UseStatusCodePages(ApiStatusCodeAsync);
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        AccountEndpoints.Map(app);
        return app;
    }

    /// <summary>Whether a request is for the API (JSON errors) rather than a page (redirects).</summary>
    /// <param name="request">The request.</param>
    /// <returns>Whether it is.</returns>
    internal static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase)
        || (HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/tlsrpt", StringComparison.OrdinalIgnoreCase))
        || request.Path.StartsWithSegments("/account", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes <c>{"error": message}</c> with a status (JSON-encoded: nothing in the message is HTML-significant on the wire).</summary>
    /// <param name="context">The request.</param>
    /// <param name="status">The status code.</param>
    /// <param name="message">The reason.</param>
    /// <returns>A task.</returns>
    internal static Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(new ApiError(message), ApiJson.Options, "application/json; charset=utf-8", context.RequestAborted);
    }

    /// <summary>The rate limiting key of a client: its address.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The key.</returns>
    internal static string ClientKey(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : "unknown";

    /// <summary>Whether the request was authenticated by the login cookie (so it needs an antiforgery token to change anything).</summary>
    /// <param name="context">The request.</param>
    /// <returns>Whether it was.</returns>
    internal static bool IsCookieAuthenticated(HttpContext context) =>
        context.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == CookieScheme);

    /// <summary>
    /// For requests authenticated by the login cookie: checks the antiforgery token (header <see cref="AntiforgeryHeader"/>
    /// or form field). Requests with the bearer token, or anonymous ones, pass.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <returns>Null when the request may proceed, else the reason it is refused.</returns>
    internal static async Task<string?> CheckAntiforgeryAsync(HttpContext context)
    {
        if (!IsCookieAuthenticated(context))
        {
            return null;
        }

        var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        return await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false)
            ? null
            : $"the antiforgery token is missing or invalid: a request authenticated by the login cookie sends the token from GET /account/antiforgery in the {AntiforgeryHeader} header";
    }

    private static Task SecurityHeadersAsync(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpContext)state).Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    private static async Task ApiExceptionsAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            // Malformed requests Kestrel or parameter binding refuse (a body over the size limit, a bad form): the status
            // they name, with a reason, never a 500.
            var message = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "the request body is too large" : "bad request: " + e.Message;
            await WriteErrorAsync(context, e.StatusCode, message).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException) when (!context.Response.HasStarted)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "the antiforgery token is missing or invalid").ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && IsApiRequest(context.Request) && !context.Response.HasStarted)
        {
            // An API client gets JSON for a failure too; the details go to the log, not to the client.
            LogApiFailure(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("DaneKit.Web.Api"), context.Request.Method, context.Request.Path.Value ?? "", e);
            await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "internal error (see the monitor's log)").ConfigureAwait(false);
        }
    }

    private static Task ApiStatusCodeAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        if (!IsApiRequest(context.Request) || context.Response.ContentLength is > 0 || context.Response.ContentType is not null)
        {
            return Task.CompletedTask;
        }

        var code = context.Response.StatusCode;
        var reason = code switch
        {
            StatusCodes.Status404NotFound => "no such resource",
            StatusCodes.Status405MethodNotAllowed => "method not allowed here",
            StatusCodes.Status415UnsupportedMediaType when context.Request.Path.StartsWithSegments("/tlsrpt", StringComparison.OrdinalIgnoreCase) =>
                "a TLS report is posted as application/tlsrpt+gzip or application/tlsrpt+json (RFC 8460 5.2)",
            StatusCodes.Status415UnsupportedMediaType when context.Request.Path.StartsWithSegments("/account", StringComparison.OrdinalIgnoreCase) =>
                "a form post (application/x-www-form-urlencoded) is expected",
            StatusCodes.Status415UnsupportedMediaType => "the body must be JSON (Content-Type: application/json)",
            _ => ReasonPhrase(code),
        };
        return WriteErrorAsync(context, code, reason);
    }

    private static string ReasonPhrase(int code) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(code) is { Length: > 0 } phrase
            ? phrase.ToLowerInvariant()
            : "status " + code.ToString(CultureInfo.InvariantCulture);

    private static readonly Action<ILogger, string, string, Exception?> LogApiFailure =
        LoggerMessage.Define<string, string>(LogLevel.Error, new EventId(1, "ApiFailure"), "{Method} {Path} failed");

    /// <summary>The login, logout and antiforgery-token endpoints.</summary>
    private static class AccountEndpoints
    {
        public static void Map(WebApplication app)
        {
            var group = app.MapGroup("/account").WithTags("Account");
            group.MapPost("/login", LoginAsync)
                .RequireRateLimiting(LoginRateLimit)
                .DisableAntiforgery()
                .Accepts<LoginForm>("application/x-www-form-urlencoded", "multipart/form-data")
                .Produces(StatusCodes.Status303SeeOther)
                .Produces<ApiError>(StatusCodes.Status400BadRequest)
                .Produces<ApiError>(StatusCodes.Status415UnsupportedMediaType)
                .Produces<ApiError>(StatusCodes.Status429TooManyRequests)
                .WithSummary("Logs in as admin (form fields username, password, returnUrl and the antiforgery token); 303 to returnUrl, or back to /login?failed=1.");
            group.MapPost("/logout", LogoutAsync)
                .DisableAntiforgery()
                .Accepts<LogoutForm>("application/x-www-form-urlencoded", "multipart/form-data")
                .Produces(StatusCodes.Status303SeeOther)
                .Produces<ApiError>(StatusCodes.Status400BadRequest)
                .WithSummary("Logs out (form with the antiforgery token); 303 to returnUrl or /.");
            group.MapGet("/antiforgery", Antiforgery)
                .Produces<AntiforgeryToken>()
                .WithSummary("An antiforgery token for the current user (sets the antiforgery cookie): send it in the X-CSRF-TOKEN header with API calls authenticated by the login cookie.");
        }

        private static async Task<IResult> LoginAsync(HttpContext context, IAntiforgery antiforgery, MonitorOptions options, LoginThrottle throttle)
        {
            if (!context.Request.HasFormContentType)
            {
                return ApiResults.Error(StatusCodes.Status415UnsupportedMediaType, "the login is a form post (application/x-www-form-urlencoded)");
            }

            if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "the form's antiforgery token is missing or invalid; reload the login page");
            }

            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            var returnUrl = LocalUrl(form["returnUrl"].ToString());
            var client = ClientKey(context);
            var delay = throttle.DelayFor(client);
            if (delay is null)
            {
                context.Response.Headers.RetryAfter = ((int)LoginThrottle.Window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return ApiResults.Error(StatusCodes.Status429TooManyRequests, "too many failed logins; try again later");
            }

            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay.Value, context.RequestAborted).ConfigureAwait(false);
            }

            var userOk = ApiTokenAuthenticationHandler.TokenEquals(form["username"].ToString(), AdminUser);
            var passwordOk = options.AdminPassword is not null && ApiTokenAuthenticationHandler.TokenEquals(form["password"].ToString(), options.AdminPassword);
            if (!userOk || !passwordOk)
            {
                throttle.RecordFailure(client);
                return SeeOther("/login?failed=1&returnUrl=" + Uri.EscapeDataString(returnUrl));
            }

            throttle.RecordSuccess(client);
            var identity = new System.Security.Claims.ClaimsIdentity(
                [new(System.Security.Claims.ClaimTypes.NameIdentifier, AdminUser), new(System.Security.Claims.ClaimTypes.Name, AdminUser)], CookieScheme);
            await context.SignInAsync(CookieScheme, new System.Security.Claims.ClaimsPrincipal(identity),
                new AuthenticationProperties { IsPersistent = false }).ConfigureAwait(false);
            return SeeOther(returnUrl);
        }

        private static async Task<IResult> LogoutAsync(HttpContext context, IAntiforgery antiforgery)
        {
            if (!context.Request.HasFormContentType)
            {
                return ApiResults.Error(StatusCodes.Status415UnsupportedMediaType, "the logout is a form post (application/x-www-form-urlencoded)");
            }

            if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "the form's antiforgery token is missing or invalid; reload the page");
            }

            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            await context.SignOutAsync(CookieScheme).ConfigureAwait(false);
            return SeeOther(LocalUrl(form["returnUrl"].ToString()));
        }

        private static IResult Antiforgery(HttpContext context, IAntiforgery antiforgery)
        {
            var tokens = antiforgery.GetAndStoreTokens(context);
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(new AntiforgeryToken(tokens.RequestToken ?? "", AntiforgeryHeader, AntiforgeryFormField), ApiJson.Options);
        }

        private static SeeOtherResult SeeOther(string location) => new(location);
    }

    /// <summary>
    /// <paramref name="url"/> when it is a local path (<c>/...</c>, not <c>//host</c> or <c>/\host</c>, no control
    /// characters), else <c>/</c>: a login never redirects off the site.
    /// </summary>
    /// <param name="url">The requested return URL.</param>
    /// <returns>A local URL.</returns>
    public static string LocalUrl(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > 2048 || url[0] != '/' || url.Any(char.IsControl))
        {
            return "/";
        }

        return url.Length == 1 || (url[1] != '/' && url[1] != '\\') ? url : "/";
    }

    /// <summary>303 See Other to a local URL (the browser follows it with a GET).</summary>
    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            httpContext.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }
}

/// <summary>The login form.</summary>
/// <param name="Username">Always <c>admin</c>.</param>
/// <param name="Password">The admin password.</param>
/// <param name="ReturnUrl">Where to go after the login (a local path; anything else goes to /).</param>
public sealed record LoginForm(string Username, string Password, string? ReturnUrl);

/// <summary>The logout form.</summary>
/// <param name="ReturnUrl">Where to go after the logout (a local path).</param>
public sealed record LogoutForm(string? ReturnUrl);

/// <summary>An antiforgery token.</summary>
/// <param name="Token">The request token.</param>
/// <param name="HeaderName">The header API calls send it in.</param>
/// <param name="FormFieldName">The form field forms send it in.</param>
public sealed record AntiforgeryToken(string Token, string HeaderName, string FormFieldName);
