using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace ColdMail.Bench;

/// <summary>
/// A hand-written client on <see cref="SslStream"/> that pipelines MAIL, RCPT and DATA (RFC 2920) and
/// writes prebuilt message bytes, so the generator spends as little CPU per message as it can.
/// </summary>
internal sealed class RawSubmissionSession(SessionTarget target, Credential? credential) : ISubmissionSession
{
    private static readonly byte[] EndOfData = ".\r\n"u8.ToArray();

    private Socket? _socket;
    private Stream? _stream;
    private ReplyReader? _reader;
    private bool _pipelining;
    private bool _sizeExtension;
    private bool _needsReset;

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        _socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await _socket.ConnectAsync(target.Host, target.Port, cancellationToken);
        }
        catch (SocketException e)
        {
            throw new SessionSetupException("connect", 0, e.SocketErrorCode.ToString());
        }
        _stream = new NetworkStream(_socket, ownsSocket: false);
        if (target.Tls == TlsMode.Implicit)
        {
            _stream = await HandshakeAsync(_stream, cancellationToken);
        }
        _reader = new ReplyReader(_stream);

        Expect("greeting", await _reader.ReadAsync(cancellationToken), 220);
        var extensions = await EhloAsync(cancellationToken);
        if (target.Tls == TlsMode.StartTls)
        {
            if (!extensions.Contains("STARTTLS"))
            {
                throw new SessionSetupException("STARTTLS", 0, "the server does not offer STARTTLS");
            }
            Expect("STARTTLS", await CommandAsync("STARTTLS", cancellationToken), 220);
            _stream = await HandshakeAsync(_stream, cancellationToken);
            _reader.SwitchTo(_stream);
            // RFC 3207 §4.2: what was learnt before TLS is forgotten; ask again.
            extensions = await EhloAsync(cancellationToken);
        }
        _pipelining = extensions.Contains("PIPELINING");
        _sizeExtension = extensions.Any(e => e.StartsWith("SIZE", StringComparison.Ordinal));

        if (credential is not null)
        {
            // RFC 4616 §2: authzid NUL authcid NUL passwd, sent as the initial response (RFC 4954 §4).
            var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{credential.User}\0{credential.Password}"));
            Expect("AUTH", await CommandAsync($"AUTH PLAIN {plain}", cancellationToken), 235);
        }
    }

    public async ValueTask<SubmissionResult> SubmitAsync(TestMessage message, CancellationToken cancellationToken)
    {
        var stream = _stream ?? throw new InvalidOperationException("The session is not open.");
        var reader = _reader!;
        var size = _sizeExtension ? $" SIZE={message.Length}" : "";
        // RFC 5321 §4.1.1.4: a completed DATA already resets the transaction; RSET only after a refusal.
        var reset = _needsReset ? "RSET\r\n" : "";
        var envelope = $"{reset}MAIL FROM:<{message.Sender}>{size}\r\nRCPT TO:<{message.Recipient}>\r\nDATA\r\n";
        _needsReset = true;

        SmtpReply mail, rcpt, data;
        if (_pipelining)
        {
            // RFC 2920 §3.1: RSET, MAIL and RCPT may be grouped, with DATA last in the group.
            await WriteAsync(envelope, cancellationToken);
            if (reset.Length > 0)
            {
                await reader.ReadAsync(cancellationToken);
            }
            mail = await reader.ReadAsync(cancellationToken);
            rcpt = await reader.ReadAsync(cancellationToken);
            data = await reader.ReadAsync(cancellationToken);
        }
        else
        {
            if (reset.Length > 0)
            {
                await CommandAsync("RSET", cancellationToken);
            }
            mail = await CommandAsync($"MAIL FROM:<{message.Sender}>{size}", cancellationToken);
            if (!mail.IsPositive)
            {
                return SubmissionResult.Refused("MAIL", mail);
            }
            rcpt = await CommandAsync($"RCPT TO:<{message.Recipient}>", cancellationToken);
            if (!rcpt.IsPositive)
            {
                return SubmissionResult.Refused("RCPT", rcpt);
            }
            data = await CommandAsync("DATA", cancellationToken);
        }

        if (data.Code == 354)
        {
            await stream.WriteAsync(message.Header, cancellationToken);
            await stream.WriteAsync(message.Body, cancellationToken);
            await stream.WriteAsync(EndOfData, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            var final = await reader.ReadAsync(cancellationToken);
            if (!mail.IsPositive || !rcpt.IsPositive)
            {
                // RFC 2920 §3.1 says DATA must fail when no recipient was taken; a server that said 354 is wrong.
                return SubmissionResult.Refused(mail.IsPositive ? "RCPT" : "MAIL", mail.IsPositive ? rcpt : mail);
            }
            if (final.Code != 250)
            {
                return SubmissionResult.Refused("end of data", final);
            }
            _needsReset = false;
            return new SubmissionResult(true, final.Code, "end of data", final.Text);
        }
        return !mail.IsPositive ? SubmissionResult.Refused("MAIL", mail)
            : !rcpt.IsPositive ? SubmissionResult.Refused("RCPT", rcpt)
            : SubmissionResult.Refused("DATA", data);
    }

    public async ValueTask QuitAsync(CancellationToken cancellationToken)
    {
        if (_stream is null || _reader is null)
        {
            return;
        }
        try
        {
            await CommandAsync("QUIT", cancellationToken);
        }
        catch (Exception e) when (e is IOException or SmtpProtocolException or OperationCanceledException
            or ObjectDisposedException or SocketException)
        {
            // The session is over either way.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }
        _socket?.Dispose();
    }

    private async Task<SslStream> HandshakeAsync(Stream inner, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = target.Host,
                // The servers under test use self-signed certificates; trust is not what is measured.
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            }, cancellationToken);
        }
        catch (AuthenticationException e)
        {
            await ssl.DisposeAsync();
            throw new SessionSetupException("TLS", 0, e.Message);
        }
        return ssl;
    }

    private async Task<HashSet<string>> EhloAsync(CancellationToken cancellationToken)
    {
        var reply = await CommandAsync($"EHLO {target.HeloName}", cancellationToken);
        Expect("EHLO", reply, 250);
        // RFC 5321 §4.1.1.1: the first line greets, each further line names an extension.
        return reply.Lines.Skip(1).Select(l => l.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
    }

    private async ValueTask<SmtpReply> CommandAsync(string command, CancellationToken cancellationToken)
    {
        await WriteAsync(command + "\r\n", cancellationToken);
        return await _reader!.ReadAsync(cancellationToken);
    }

    private async ValueTask WriteAsync(string text, CancellationToken cancellationToken)
    {
        await _stream!.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    private static void Expect(string stage, SmtpReply reply, int code)
    {
        if (reply.Code != code)
        {
            throw new SessionSetupException(stage, reply.Code, reply.Text);
        }
    }
}
