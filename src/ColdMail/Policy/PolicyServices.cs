using ColdMail.Queue;
using ColdMail.Smtp;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ColdMail.Policy;

public static class PolicyServices
{
    /// <summary>
    /// The submission policy behind the SMTP listeners, and the writer that accepts mail durably.
    /// </summary>
    public static IServiceCollection AddSubmissionPolicy(this IServiceCollection services)
    {
        services.TryAddSingleton<QueueSignal>();
        services.TryAddSingleton<RecentBodies>();
        services.AddSingleton<MessageAcceptor>();
        services.AddHostedService(provider => provider.GetRequiredService<MessageAcceptor>());
        services.AddSingleton<PolicyQueries>();
        services.AddSingleton<SendCounterStore>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<SmtpLogin>();
        services.AddSingleton<RefusalRecorder>();
        services.AddSingleton<ISubmissionHandler, SubmissionPolicy>();
        return services;
    }
}
