using ColdMail.Common;
using ColdMail.Configuration;
using ColdMail.Dkim;
using ColdMail.Dns;
using ColdMail.Dns.Spf;
using DnsClient;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ColdMail.Domains;

/// <summary>Registers domains, DKIM keys and DNS checks.</summary>
public static class DomainServices
{
    /// <summary>What every process needs: CLI verbs and <c>serve</c> alike.</summary>
    public static IServiceCollection AddDomains(this IServiceCollection services)
    {
        services.TryAddSingleton<ILookupClient>(provider =>
            DnsClientFactory.Create(provider.GetRequiredService<IOptions<ColdMailOptions>>()));
        services.TryAddSingleton<DnsLookup>();
        services.TryAddSingleton<SpfEvaluator>();

        // One key ring in the data directory and one application name, so every process reads every key.
        services.AddDataProtection().SetApplicationName(DkimKeyProtector.ApplicationName);
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<ColdMailOptions>, ILoggerFactory>((keys, options, loggers) =>
                keys.XmlRepository = new FileSystemXmlRepository(KeyRingDirectory(options.Value), loggers));
        services.TryAddSingleton<DkimKeyProtector>();
        services.TryAddSingleton<DkimKeyFactory>();
        services.TryAddSingleton<IDkimKeyProvider, DkimKeyProvider>();

        services.TryAddSingleton<DomainRecordChecker>();
        services.TryAddSingleton<DomainVerifier>();
        services.TryAddSingleton<DomainService>();
        services.TryAddSingleton<DomainControls>();
        services.TryAddSingleton<UnsubscribeSwitch>();
        services.TryAddSingleton<AutoPause>();
        return services;
    }

    /// <summary>The periodic re-check, for <c>serve</c> only: an admin verb must not start it.</summary>
    public static IServiceCollection AddDomainRechecks(this IServiceCollection services)
    {
        services.AddHostedService<DomainRecheckService>();
        return services;
    }

    private static DirectoryInfo KeyRingDirectory(ColdMailOptions options)
    {
        var path = Path.Combine(options.ResolvedDataDirectory, DkimKeyProtector.KeyRingFolder);
        // The key ring decrypts every DKIM key: readable by the service's user alone.
        return PrivateDirectory.Create(path);
    }
}
