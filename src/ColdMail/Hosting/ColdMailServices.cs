using ColdMail.Configuration;
using ColdMail.Delivery;
using ColdMail.Domains;
using ColdMail.Logs;
using ColdMail.Logs.Webhooks;
using ColdMail.Policy;
using ColdMail.Storage;
using ColdMail.Workspaces;
using Microsoft.Extensions.Options;

namespace ColdMail.Hosting;

/// <summary>The services shared by <c>serve</c> and every admin verb.</summary>
public static class ColdMailServices
{
    public static IServiceCollection AddColdMailCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ColdMailOptions>()
            .Bind(configuration.GetSection(ColdMailOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ColdMailOptions>, ColdMailOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ColdMailDatabase>();
        services.AddSingleton<WorkspaceService>();
        services.AddWorkspaceServices();
        services.AddDomains();
        services.AddLogs();
        services.AddWebhooks();
        services.AddSubmissionPolicy();
        services.AddDelivery();
        return services;
    }
}
