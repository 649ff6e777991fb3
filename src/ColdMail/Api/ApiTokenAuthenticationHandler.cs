using System.Security.Claims;
using System.Text.Encodings.Web;
using ColdMail.Workspaces;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ColdMail.Api;

/// <summary>
/// Authenticates <c>Authorization: Bearer cmt_…</c> (RFC 6750 §2.1) against the stored token hashes. On
/// success the request carries an <see cref="ApiCaller"/> feature; a refusal is 401 with a Bearer
/// challenge and problem details. The token itself is never logged.
/// </summary>
internal sealed partial class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiTokenAuthenticator tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string WorkspaceClaim = "workspace";

    private const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers.Authorization;
        if (headers.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }
        // RFC 9110 §11.1: the scheme name is case-insensitive; RFC 6750 §2.1: one space, then the token.
        var header = headers.Count == 1 ? headers[0] : null;
        if (header is null || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("The Authorization header is not one Bearer token.");
        }

        var caller = await tokens.AuthenticateAsync(header[BearerPrefix.Length..].Trim(), Context.RequestAborted);
        if (caller is null)
        {
            LogRefused(Logger, Context.Connection.RemoteIpAddress?.ToString());
            return AuthenticateResult.Fail("The API token is not valid.");
        }
        Context.Features.Set(caller);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, caller.TokenId.ToString("N")),
            new Claim(ClaimTypes.Role, Roles.Name(caller.Role)),
            new Claim(WorkspaceClaim, caller.Workspace.Id.ToString("N")),
        ], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        // RFC 6750 §3: a request without credentials gets no error code; a bad token gets invalid_token.
        Response.Headers.WWWAuthenticate = result.Failure is null
            ? "Bearer realm=\"coldmail\""
            : "Bearer realm=\"coldmail\", error=\"invalid_token\"";
        var detail = result.Failure?.Message
            ?? "Send an API token as 'Authorization: Bearer cmt_…'; 'coldmail token create' makes one.";
        await ApiProblem.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Authentication required", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
        => ApiProblem.WriteAsync(Context, StatusCodes.Status403Forbidden, "Not allowed",
            "The API token's role does not allow this request.");

    [LoggerMessage(7002, LogLevel.Information, "Refused an API token from {RemoteIp}")]
    private static partial void LogRefused(ILogger logger, string? remoteIp);
}
