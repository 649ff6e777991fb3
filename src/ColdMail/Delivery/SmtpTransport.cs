using System.Net;
using System.Net.Sockets;
using System.Text;
using ColdMail.Configuration;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ColdMail.Delivery;

/// <summary>
/// Hands one message to the first host of a route that takes a session, with all its recipients in one
/// transaction, and reports each recipient's result. It never throws for what a remote server does;
/// only cancellation by the caller escapes.
/// </summary>
internal sealed partial class SmtpTransport(
    ConnectionPool pool,
    MxResolver resolver,
    IOptions<ColdMailOptions> options,
    TimeProvider time,
    ILogger<SmtpTransport> logger)
{
    // Enough for a dual-stack host plus a spare; a host with many records must not stall the attempt.
    private const int MaxAddressesPerHost = 3;

    private readonly DeliveryOptions _options = options.Value.Delivery;
    private readonly string _heloName = options.Value.Smtp.Hostname;

    public async Task<IReadOnlyList<AttemptResult>> SendAsync(
        IReadOnlyList<RouteHost> route,
        MimeMessage message,
        string mailFrom,
        IReadOnlyList<string> recipients,
        CancellationToken cancellationToken)
    {
        var results = new AttemptResult?[recipients.Count];
        var mailboxes = new List<(int Index, MailboxAddress Mailbox)>();
        for (var i = 0; i < recipients.Count; i++)
        {
            if (MailboxAddress.TryParse(recipients[i], out var mailbox) && mailbox.Address == recipients[i])
            {
                mailboxes.Add((i, mailbox));
            }
            else
            {
                results[i] = AttemptResult.FromReply(
                    DeliveryStage.RcptTo, 553, "5.1.3 The recipient address is not valid (RFC 5321 §4.1.2).");
            }
        }
        if (mailboxes.Count == 0)
        {
            return results!;
        }

        var sender = new MailboxAddress(string.Empty, mailFrom);
        AttemptResult? failure = null;
        foreach (var host in route)
        {
            var opened = await OpenAsync(host, fresh: false, cancellationToken);
            if (opened.Client is null)
            {
                failure = opened.Failure;
                continue;
            }
            var outcome = await TransactAsync(opened.Client, message, sender, mailboxes, cancellationToken);
            if (outcome is null)
            {
                // A reused session had been closed by the server while idle: one fresh session to the same host.
                opened = await OpenAsync(host, fresh: true, cancellationToken);
                if (opened.Client is null)
                {
                    failure = opened.Failure;
                    continue;
                }
                outcome = await TransactAsync(opened.Client, message, sender, mailboxes, cancellationToken);
            }
            foreach (var (index, _) in mailboxes)
            {
                results[index] = outcome![index];
            }
            return results!;
        }

        failure ??= new AttemptResult(DeliveryStage.Routing, null, null, "No host to deliver to.");
        foreach (var (index, _) in mailboxes)
        {
            results[index] = failure;
        }
        return results!;
    }

    /// <summary>Per-recipient results by recipient index, or null when a reused session was found dead.</summary>
    private async Task<Dictionary<int, AttemptResult>?> TransactAsync(
        RelayClient client,
        MimeMessage message,
        MailboxAddress sender,
        List<(int Index, MailboxAddress Mailbox)> mailboxes,
        CancellationToken cancellationToken)
    {
        var tls = client.IsSecure;
        var results = new Dictionary<int, AttemptResult>();
        var keep = false;
        AttemptResult Reply(DeliveryStage stage, int code, string text)
            => AttemptResult.FromReply(stage, code, text, client.Host, client.RemoteAddress, tls);
        AttemptResult? Refused(MailboxAddress mailbox) =>
            client.ReplyTo(mailbox) is { } r && (int)r.StatusCode >= 300
                ? Reply(DeliveryStage.RcptTo, (int)r.StatusCode, r.Response)
                : null;
        void Fill(Func<MailboxAddress, AttemptResult> otherwise)
        {
            foreach (var (index, mailbox) in mailboxes)
            {
                results[index] = Refused(mailbox) ?? otherwise(mailbox);
            }
        }

        client.BeginTransaction();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(_options.DataTimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            var format = FormatOptions.Default.Clone();
            // RFC 6531 §3.4: non-ASCII addresses need SMTPUTF8; MailKit refuses if the server lacks it.
            format.International = !Ascii.IsValid(sender.Address)
                || mailboxes.Any(m => !Ascii.IsValid(m.Mailbox.Address));
            var reply = await client.SendAsync(
                format, message, sender, mailboxes.Select(m => m.Mailbox), linked.Token);
            // MailKit returns the text of the final reply only; it throws unless that reply was 2yz.
            Fill(_ => Reply(DeliveryStage.Data, 250, reply));
            keep = true;
        }
        catch (SmtpCommandException ex) when (ex.ErrorCode == SmtpErrorCode.SenderNotAccepted)
        {
            foreach (var (index, _) in mailboxes)
            {
                results[index] = Reply(DeliveryStage.MailFrom, (int)ex.StatusCode, ex.Message);
            }
            keep = (int)ex.StatusCode != 421;
        }
        catch (SmtpCommandException ex)
        {
            // After the RCPT replies: refused recipients keep their own reply, the others get the data reply.
            Fill(_ => Reply(DeliveryStage.Data, (int)ex.StatusCode, ex.Message));
            keep = (int)ex.StatusCode != 421;
        }
        catch (NotSupportedException)
        {
            // RFC 6531 §3.2: without SMTPUTF8 at the server, a non-ASCII envelope must not be sent.
            Fill(_ => Reply(DeliveryStage.MailFrom, 550,
                $"5.6.7 {client.Host} does not offer SMTPUTF8, which this message's addresses need."));
            keep = true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var stage = Progress(client, mailboxes);
            Fill(_ => new AttemptResult(stage, null, null,
                $"No reply from {client.Host} within {_options.DataTimeoutSeconds} seconds.",
                client.Host, client.RemoteAddress, tls));
        }
        catch (Exception ex) when (IsConnectionFault(ex))
        {
            if (client.Reused && client.RepliesSeen == 0)
            {
                client.Dispose();
                return null;
            }
            var stage = Progress(client, mailboxes);
            Fill(_ => new AttemptResult(stage, null, null, $"The connection to {client.Host} failed: {ex.Message}",
                client.Host, client.RemoteAddress, tls));
        }
        finally
        {
            if (keep)
            {
                await pool.ReturnAsync(client, CancellationToken.None);
            }
            else
            {
                client.Dispose();
            }
        }
        return results;
    }

    private async Task<Opened> OpenAsync(RouteHost host, bool fresh, CancellationToken cancellationToken)
    {
        if (!fresh && await pool.TakeAsync(host.PoolKey, cancellationToken) is { } pooled)
        {
            LogReused(logger, host.Name, pooled.RemoteAddress);
            return new Opened(pooled, null);
        }
        var lookup = await resolver.ResolveAddressesAsync(host.Name, cancellationToken);
        if (lookup.Addresses.Count == 0)
        {
            var failure = new AttemptResult(DeliveryStage.Routing, null, null, lookup.Failure!, host.Name);
            return new Opened(null, failure);
        }
        Opened opened = new(null, null);
        foreach (var address in lookup.Addresses.Take(MaxAddressesPerHost))
        {
            opened = await ConnectAsync(host, address, host.Security, cancellationToken);
            if (opened.TlsFailed && host.Opportunistic)
            {
                // RFC 3207 §4.1 leaves the client free to go on in clear when TLS fails; opportunistic
                // delivery prefers that to not delivering at all.
                opened = await ConnectAsync(host, address, SecureSocketOptions.None, cancellationToken);
            }
            if (opened.Client is not null)
            {
                break;
            }
        }
        return opened;
    }

    private async Task<Opened> ConnectAsync(
        RouteHost host,
        IPAddress address,
        SecureSocketOptions security,
        CancellationToken cancellationToken)
    {
        var remote = address.ToString();
        AttemptResult Failure(DeliveryStage stage, string text) => new(stage, null, null, text, host.Name, remote);
        // No Nagle: a command is written whole, and a pipelined write followed by a read would otherwise wait
        // out the peer's delayed acknowledgement (tens of milliseconds per transaction).
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var client = new RelayClient(host.PoolKey, host.Name, remote, time.GetUtcNow())
        {
            LocalDomain = _heloName,
            Timeout = _options.CommandTimeoutSeconds * 1000,
        };
        var opened = false;
        if (host.Opportunistic)
        {
            client.CheckCertificateRevocation = false;
            client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        }
        try
        {
            var connectTimeout = TimeSpan.FromSeconds(_options.ConnectTimeoutSeconds);
            using (var limit = new CancellationTokenSource(connectTimeout, time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token))
            {
                await socket.ConnectAsync(new IPEndPoint(address, host.Port), linked.Token);
            }
            await client.ConnectAsync(socket, host.Name, host.Port, security, cancellationToken);
            if (host.Credentials is not null)
            {
                await client.AuthenticateAsync(host.Credentials, cancellationToken);
            }
            LogConnected(logger, host.Name, remote, client.IsSecure);
            opened = true;
            return new Opened(client, null);
        }
        catch (Exception ex) when (IsSessionFault(ex, cancellationToken))
        {
            LogConnectFailed(logger, host.Name, remote, ex.Message);
            return ex switch
            {
                OperationCanceledException => new Opened(null, Failure(DeliveryStage.Connect,
                    $"{host.Name} [{remote}] took no connection in {_options.ConnectTimeoutSeconds} seconds.")),
                SocketException socketError => new Opened(null, Failure(DeliveryStage.Connect,
                    $"Could not connect to {host.Name} [{remote}]: {socketError.SocketErrorCode}.")),
                SslHandshakeException => new Opened(null, Failure(DeliveryStage.Session,
                    $"The TLS handshake with {host.Name} [{remote}] failed."), TlsFailed: true),
                SmtpCommandException command => new Opened(null, AttemptResult.FromReply(DeliveryStage.Session,
                    (int)command.StatusCode, command.Message, host.Name, remote)),
                AuthenticationException or SaslException => new Opened(null, Failure(DeliveryStage.Authenticate,
                    $"{host.Name} refused the Delivery:Smarthost credentials; mail waits for a fix.")),
                NotSupportedException => new Opened(null, Failure(DeliveryStage.Session,
                    $"{host.Name} does not offer what Delivery:Smarthost:Tls requires: {ex.Message}")),
                _ => new Opened(null, Failure(DeliveryStage.Session,
                    $"The session with {host.Name} [{remote}] failed: {ex.Message}")),
            };
        }
        finally
        {
            if (!opened)
            {
                client.Dispose();
                socket.Dispose();
            }
        }
    }

    /// <summary>Where a transaction that broke off had got to, judged by the RCPT replies seen.</summary>
    private static DeliveryStage Progress(RelayClient client, List<(int Index, MailboxAddress Mailbox)> mailboxes)
    {
        if (client.RepliesSeen == 0)
        {
            return DeliveryStage.MailFrom;
        }
        return mailboxes.Any(m => client.ReplyTo(m.Mailbox) is { } r && (int)r.StatusCode < 300)
            ? DeliveryStage.Data
            : DeliveryStage.RcptTo;
    }

    private static bool IsConnectionFault(Exception ex) => ex is IOException or SocketException
        or ProtocolException or ServiceNotConnectedException;

    /// <summary>What a remote host can cause while a session opens; the caller's cancellation is not one.</summary>
    private static bool IsSessionFault(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        SslHandshakeException or SmtpCommandException or AuthenticationException or SaslException
            or NotSupportedException => true,
        _ => IsConnectionFault(ex),
    };

    private sealed record Opened(RelayClient? Client, AttemptResult? Failure, bool TlsFailed = false);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Debug, Message = "Connected to {Host} [{RemoteIp}], TLS {Tls}")]
    private static partial void LogConnected(ILogger logger, string host, string remoteIp, bool tls);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Debug, Message = "Reusing the session with {Host} [{RemoteIp}]")]
    private static partial void LogReused(ILogger logger, string host, string remoteIp);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information,
        Message = "Could not open a session with {Host} [{RemoteIp}]: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string host, string remoteIp, string reason);
}
