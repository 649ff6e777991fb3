namespace ColdMail.Logs.Webhooks;

/// <summary>Registers webhooks: management for every verb, the dispatcher only for <c>serve</c>.</summary>
public static class WebhookServices
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        // The data-protection key ring is set up with the domains (DKIM keys use it too).
        services.AddSingleton<WebhookSecretProtector>();
        services.AddSingleton<WebhookService>();
        return services;
    }

    public static IServiceCollection AddWebhookDispatch(this IServiceCollection services)
    {
        services.AddSingleton<WebhookHttpClient>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService<WebhookDispatchService>();
        return services;
    }
}
