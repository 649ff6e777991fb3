using Microsoft.AspNetCore.Connections;

namespace ColdMail.Smtp.Listeners;

/// <summary>Submission over implicit TLS (RFC 8314 §3.3): the handshake comes before the greeting.</summary>
public sealed class ImplicitTlsConnectionHandler(SmtpConnectionRunner runner) : ConnectionHandler
{
    public override Task OnConnectedAsync(ConnectionContext connection) =>
        runner.RunAsync(connection, implicitTls: true);
}
