using ColdMail.Configuration;
using ColdMail.Dkim;
using ColdMail.Dns;
using ColdMail.Queue;
using ColdMail.Smtp;
using DnsClient;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ColdMail.Delivery;

/// <summary>
/// Registers the queue, routing, transport and signing; <see cref="IDkimKeyProvider"/> comes from Domains.
/// </summary>
public static class DeliveryServices
{
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<ColdMailOptions>, DeliveryOptionsValidator>());
        services.TryAddSingleton<QueueSignal>();
        services.TryAddSingleton<RecentBodies>();
        services.TryAddSingleton<ILookupClient>(
            sp => DnsClientFactory.Create(sp.GetRequiredService<IOptions<ColdMailOptions>>()));
        services.AddSingleton(sp => new MxResolver(sp.GetRequiredService<ILookupClient>(), Random.Shared));
        services.AddSingleton<ReturnPath>();
        services.AddSingleton<RetryPolicy>();
        services.AddSingleton<DestinationLimiter>();
        services.AddSingleton<ConnectionPool>();
        services.AddSingleton<SmtpTransport>();
        services.AddSingleton<MessageSigner>();
        services.AddSingleton<DeliveryAgent>();
        services.AddSingleton<OutcomeRecorder>();
        services.AddSingleton<RecipientLeaser>();
        services.AddSingleton<QueueProcessor>();
        services.AddSingleton<AsyncBounceProcessor>();
        services.AddKeyedSingleton<ISubmissionHandler, ReturnPathSubmissionHandler>(
            SmtpListenerProfile.ReturnPath.HandlerKey);
        return services;
    }

    /// <summary>The workers, for <c>serve</c> only: admin verbs never deliver.</summary>
    public static IServiceCollection AddDeliveryWorker(this IServiceCollection services)
        => services.AddHostedService<DeliveryWorker>();
}
