using Microsoft.AspNetCore.Connections;

namespace ColdMail.Smtp.Listeners;

/// <summary>
/// Mail to our return paths from other servers (RFC 5321 §4.5.5): plain with opportunistic STARTTLS
/// (RFC 3207), no AUTH, and only delivery status notifications are taken.
/// </summary>
public sealed class ReturnPathConnectionHandler(SmtpConnectionRunner runner) : ConnectionHandler
{
    public override Task OnConnectedAsync(ConnectionContext connection) =>
        runner.RunAsync(connection, implicitTls: false, SmtpListenerProfile.ReturnPath);
}
