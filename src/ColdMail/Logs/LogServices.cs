using OpenTelemetry.Metrics;

namespace ColdMail.Logs;

/// <summary>Registers the email log's services: reading, export, statistics, retention and metrics.</summary>
public static class LogServices
{
    /// <summary>What <c>serve</c> and every admin verb share.</summary>
    public static IServiceCollection AddLogs(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<ColdMailMetrics>();
        services.AddSingleton<EmailLogExport>();
        services.AddSingleton<EmailLogFollower>();
        services.AddSingleton<SendStatistics>();
        services.AddSingleton<LogRetention>();
        services.AddSingleton<UnsubscribeLinks>();
        return services;
    }

    /// <summary>What only <c>serve</c> runs: the background purge, the live streams' slots, the exporter.</summary>
    public static IServiceCollection AddLogServing(this IServiceCollection services)
    {
        services.AddHostedService<LogRetentionService>();
        services.AddSingleton<LogStreamSlots>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ColdMailMetrics.MeterName)
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>Maps <c>/metrics</c> in the Prometheus text format.</summary>
    public static WebApplication MapLogEndpoints(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
