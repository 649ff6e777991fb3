using ColdMail.Configuration;
using ColdMail.Smtp.Listeners;
using ColdMail.Smtp.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ColdMail.Smtp;

public static class SmtpServices
{
    /// <summary>
    /// The SMTP engine and its Kestrel listeners. The policy behind each, an
    /// <see cref="ISubmissionHandler"/>, is registered by its own area.
    /// </summary>
    public static IServiceCollection AddSmtpListeners(this IServiceCollection services)
    {
        services.AddSingleton(provider =>
            new SmtpEngineSettings(provider.GetRequiredService<IOptions<ColdMailOptions>>().Value.Smtp));
        services.AddSingleton<SmtpEngine>();
        services.AddSingleton<SmtpCertificateProvider>();
        services.AddSingleton<ConnectionLimiter>();
        services.AddSingleton<SmtpConnectionRunner>();
        services.AddSingleton<StartTlsConnectionHandler>();
        services.AddSingleton<ImplicitTlsConnectionHandler>();
        services.AddSingleton<ReturnPathConnectionHandler>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, SmtpListenerEndpoints>();
        return services;
    }
}
