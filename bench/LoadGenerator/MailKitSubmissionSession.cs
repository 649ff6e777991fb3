using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ColdMail.Bench;

/// <summary>The same work through MailKit's <see cref="SmtpClient"/>, as most .NET senders would do it.</summary>
internal sealed class MailKitSubmissionSession(SessionTarget target, Credential? credential) : ISubmissionSession
{
    private readonly SmtpClient _client = new() { LocalDomain = target.HeloName };

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        // The servers under test use self-signed certificates; trust is not what is measured.
        _client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        var secure = target.Tls switch
        {
            TlsMode.StartTls => SecureSocketOptions.StartTls,
            TlsMode.Implicit => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.None,
        };
        try
        {
            await _client.ConnectAsync(target.Host, target.Port, secure, cancellationToken);
            if (credential is not null)
            {
                await _client.AuthenticateAsync(
                    new SaslMechanismPlain(credential.User, credential.Password), cancellationToken);
            }
        }
        catch (SmtpCommandException e)
        {
            throw new SessionSetupException("AUTH", (int)e.StatusCode, e.Message);
        }
        catch (AuthenticationException e)
        {
            throw new SessionSetupException("AUTH", 535, e.Message);
        }
        catch (SocketException e)
        {
            throw new SessionSetupException("connect", 0, e.SocketErrorCode.ToString());
        }
        catch (SslHandshakeException e)
        {
            throw new SessionSetupException("TLS", 0, e.Message);
        }
    }

    public async ValueTask<SubmissionResult> SubmitAsync(TestMessage message, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(message.Length);
        content.Write(message.Header);
        content.Write(message.Body);
        content.Position = 0;
        var mime = await MimeMessage.LoadAsync(content, cancellationToken);
        try
        {
            var reply = await _client.SendAsync(mime, MailboxAddress.Parse(message.Sender),
                [MailboxAddress.Parse(message.Recipient)], cancellationToken);
            return new SubmissionResult(true, 250, "end of data", reply);
        }
        catch (SmtpCommandException e)
        {
            var stage = e.ErrorCode switch
            {
                SmtpErrorCode.SenderNotAccepted => "MAIL",
                SmtpErrorCode.RecipientNotAccepted => "RCPT",
                _ => "end of data",
            };
            return new SubmissionResult(false, (int)e.StatusCode, stage, e.Message);
        }
    }

    public async ValueTask QuitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception e) when (e is IOException or ServiceNotConnectedException or OperationCanceledException
            or MailKit.Net.Smtp.SmtpProtocolException)
        {
            // The session is over either way.
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
