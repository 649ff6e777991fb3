using Microsoft.AspNetCore.Connections;

namespace ColdMail.Smtp.Listeners;

/// <summary>Submission on the STARTTLS port (RFC 6409, RFC 3207): plain until the client asks for TLS.</summary>
public sealed class StartTlsConnectionHandler(SmtpConnectionRunner runner) : ConnectionHandler
{
    public override Task OnConnectedAsync(ConnectionContext connection) =>
        runner.RunAsync(connection, implicitTls: false);
}
