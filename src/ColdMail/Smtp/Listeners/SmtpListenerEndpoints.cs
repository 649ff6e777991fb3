using System.Net;
using ColdMail.Configuration;
using ColdMail.Smtp.Tls;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ColdMail.Smtp.Listeners;

/// <summary>
/// Binds the two submission ports and the return-path port beside the HTTP endpoints; a port of 0
/// turns one off.
/// </summary>
public sealed class SmtpListenerEndpoints(
    IOptions<ColdMailOptions> options,
    SmtpCertificateProvider certificates,
    ILogger<SmtpListenerEndpoints> logger) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        var smtp = options.Value.Smtp;
        var delivery = options.Value.Delivery;
        if (smtp.StartTlsPort == 0 && smtp.ImplicitTlsPort == 0 && delivery.BounceListenerPort == 0)
        {
            return;
        }
        // Load the certificate now: a bad file stops the start, rather than failing the first client.
        _ = certificates.ServerOptions;
        var address = IPAddress.Parse(smtp.ListenAddress);
        if (smtp.StartTlsPort != 0)
        {
            kestrel.Listen(address, smtp.StartTlsPort, listen =>
                listen.UseConnectionHandler<StartTlsConnectionHandler>());
            SmtpLog.Listening(logger, new IPEndPoint(address, smtp.StartTlsPort), "STARTTLS");
        }
        if (smtp.ImplicitTlsPort != 0)
        {
            kestrel.Listen(address, smtp.ImplicitTlsPort, listen =>
                listen.UseConnectionHandler<ImplicitTlsConnectionHandler>());
            SmtpLog.Listening(logger, new IPEndPoint(address, smtp.ImplicitTlsPort), "implicit TLS");
        }
        if (delivery.BounceListenerPort != 0)
        {
            var bounceAddress = string.IsNullOrEmpty(delivery.BounceListenerAddress)
                ? address
                : IPAddress.Parse(delivery.BounceListenerAddress);
            kestrel.Listen(bounceAddress, delivery.BounceListenerPort, listen =>
                listen.UseConnectionHandler<ReturnPathConnectionHandler>());
            SmtpLog.Listening(logger, new IPEndPoint(bounceAddress, delivery.BounceListenerPort), "return path");
        }
    }
}
