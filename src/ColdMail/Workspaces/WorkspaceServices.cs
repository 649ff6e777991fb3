using ColdMail.Logs;
using ColdMail.Storage.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ColdMail.Workspaces;

/// <summary>Registers the admin services for users, mailboxes, keys, tokens and the email log.</summary>
public static class WorkspaceServices
{
    public static IServiceCollection AddWorkspaceServices(this IServiceCollection services)
    {
        services.TryAddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddSingleton<UserService>();
        services.AddSingleton<MailboxService>();
        services.AddSingleton<AuthKeyService>();
        services.AddSingleton<ApiTokenService>();
        services.AddSingleton<ApiTokenAuthenticator>();
        services.AddSingleton<EmailLogQuery>();
        services.AddSingleton<MessageLookup>();
        return services;
    }
}
