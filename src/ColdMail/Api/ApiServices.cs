using Microsoft.AspNetCore.Authentication;

namespace ColdMail.Api;

/// <summary>Registers the HTTP API's authentication: bearer API tokens, each scoped to one workspace.</summary>
public static class ApiServices
{
    /// <summary>The authentication scheme of API tokens.</summary>
    public const string TokenScheme = "ApiToken";

    /// <summary>The policy every API endpoint requires: a valid token, of any role.</summary>
    public const string TokenPolicy = "ApiToken";

    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        // No default scheme: only endpoints that require the policy look at the Authorization header.
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(TokenScheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(TokenPolicy, policy => policy
                .AddAuthenticationSchemes(TokenScheme)
                .RequireAuthenticatedUser());
        return services;
    }
}
