using System.Net;
using System.Net.Sockets;
using ColdMail.Configuration;
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

    /// <summary>Sends <paramref name="head"/> then <paramref name="body"/> as one message.</summary>
    public async Task<IReadOnlyList<AttemptResult>> SendAsync(
        IReadOnlyList<RouteHost> route,
        ReadOnlyMemory<byte> head,
        ReadOnlyMemory<byte> body,
        string mailFrom,
        IReadOnlyList<string> recipients,
        CancellationToken cancellationToken)
    {
        var results = new AttemptResult?[recipients.Count];
        var valid = new List<int>(recipients.Count);
        for (var i = 0; i < recipients.Count; i++)
        {
            if (IsSendable(recipients[i]))
            {
                valid.Add(i);
            }
            else
            {
                results[i] = AttemptResult.FromReply(
                    DeliveryStage.RcptTo, 553, "5.1.3 The recipient address is not valid (RFC 5321 §4.1.2).");
            }
        }
        if (valid.Count == 0)
        {
            return results!;
        }

        var addresses = valid.Select(i => recipients[i]).ToList();
        AttemptResult? failure = null;
        foreach (var host in route)
        {
            var opened = await OpenAsync(host, fresh: false, cancellationToken);
            if (opened.Connection is null)
            {
                failure = opened.Failure;
                continue;
            }
            var outcome = await TransactAsync(opened.Connection, head, body, mailFrom, addresses, cancellationToken);
            if (outcome is null)
            {
                // A reused session had been closed by the server while idle: one fresh session to the same host.
                opened = await OpenAsync(host, fresh: true, cancellationToken);
                if (opened.Connection is null)
                {
                    failure = opened.Failure;
                    continue;
                }
                outcome = await TransactAsync(opened.Connection, head, body, mailFrom, addresses, cancellationToken);
            }
            for (var k = 0; k < valid.Count; k++)
            {
                results[valid[k]] = outcome![k];
            }
            return results!;
        }

        failure ??= new AttemptResult(DeliveryStage.Routing, null, null, "No host to deliver to.");
        foreach (var index in valid)
        {
            results[index] = failure;
        }
        return results!;
    }

    /// <summary>
    /// An address that can go into a RCPT command as it is: it parses as an addr-spec, and holds nothing that
    /// could end or extend the command line.
    /// </summary>
    private static bool IsSendable(string address)
        => !address.AsSpan().ContainsAny("\r\n<> \t\0")
            && MailboxAddress.TryParse(address, out var mailbox) && mailbox.Address == address;

    /// <summary>Results in recipient order, or null when a reused session was found dead.</summary>
    private async Task<AttemptResult[]?> TransactAsync(
        RelayConnection connection,
        ReadOnlyMemory<byte> head,
        ReadOnlyMemory<byte> body,
        string mailFrom,
        IReadOnlyList<string> recipients,
        CancellationToken cancellationToken)
    {
        var tls = connection.IsSecure;
        var results = new AttemptResult[recipients.Count];
        var transaction = new RelayTransaction(connection, mailFrom, recipients);
        var keep = false;
        AttemptResult Reply(DeliveryStage stage, RelayReply reply)
            => AttemptResult.FromReply(stage, reply.Code, reply.Text, connection.Host, connection.RemoteAddress, tls);
        void Fill(Func<AttemptResult> otherwise)
        {
            for (var i = 0; i < recipients.Count; i++)
            {
                results[i] = transaction.RecipientReplies[i] is { IsPositive: false } refused
                    ? Reply(DeliveryStage.RcptTo, refused)
                    : otherwise();
            }
        }

        var started = time.GetUtcNow();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(_options.DataTimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(
            cancellationToken, limit.Token, connection.CommandTimer);
        try
        {
            await transaction.RunAsync(head, body, linked.Token);
            if (transaction.MailReply is { IsPositive: false } refused)
            {
                Array.Fill(results, Reply(DeliveryStage.MailFrom, refused));
            }
            else
            {
                // Refused recipients keep their own reply; the others get the reply after the data.
                var data = transaction.DataReply;
                Fill(() => data is { } reply
                    ? Reply(DeliveryStage.Data, reply)
                    : new AttemptResult(DeliveryStage.Data, null, null, "The transaction ended without a reply.",
                        connection.Host, connection.RemoteAddress, tls));
            }
            keep = !transaction.ClosedByServer;
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            // The caller stopped us: a socket torn down by the cancellation reports it as an I/O error, but the
            // attempt was cut off, not failed, and must not be counted.
            throw new OperationCanceledException("Delivery was stopped.", ex, cancellationToken);
        }
        catch (RelayException ex) when (ex.Fault == RelayFault.Unsupported)
        {
            // RFC 6531 §3.2: without SMTPUTF8 at the server, a non-ASCII envelope must not be sent.
            Fill(() => AttemptResult.FromReply(DeliveryStage.MailFrom, 550,
                $"5.6.7 {connection.Host} does not offer SMTPUTF8, which this message's addresses need."));
            keep = true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var stage = Progress(transaction);
            // Judged by the clock, not by which timer's cancellation arrived first: both may be due at once.
            var wholeTransaction = time.GetUtcNow() - started >= TimeSpan.FromSeconds(_options.DataTimeoutSeconds);
            var seconds = wholeTransaction ? _options.DataTimeoutSeconds : _options.CommandTimeoutSeconds;
            Fill(() => new AttemptResult(stage, null, null,
                $"No reply from {connection.Host} within {seconds} seconds.",
                connection.Host, connection.RemoteAddress, tls));
        }
        catch (Exception ex) when (IsConnectionFault(ex))
        {
            if (connection.Reused && transaction.RepliesSeen == 0)
            {
                await connection.DisposeAsync();
                return null;
            }
            var stage = Progress(transaction);
            Fill(() => new AttemptResult(stage, null, null, $"The connection to {connection.Host} failed: {ex.Message}",
                connection.Host, connection.RemoteAddress, tls));
        }
        finally
        {
            if (keep)
            {
                await pool.ReturnAsync(connection, CancellationToken.None);
            }
            else
            {
                await connection.DisposeAsync();
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
            opened = await ConnectAsync(host, address, cancellationToken);
            if (opened.TlsFailed && host.Opportunistic)
            {
                // RFC 3207 §4.1 leaves the client free to go on in clear when TLS fails; opportunistic
                // delivery prefers that to not delivering at all.
                opened = await ConnectAsync(host with { Security = RelaySecurity.None }, address, cancellationToken);
            }
            if (opened.Connection is not null)
            {
                break;
            }
        }
        return opened;
    }

    private async Task<Opened> ConnectAsync(RouteHost host, IPAddress address, CancellationToken cancellationToken)
    {
        var remote = address.ToString();
        AttemptResult Failure(DeliveryStage stage, string text) => new(stage, null, null, text, host.Name, remote);
        // No Nagle: a command is written whole, and a pipelined write followed by a read would otherwise wait
        // out the peer's delayed acknowledgement (tens of milliseconds per transaction).
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connected = false;
        var opened = false;
        try
        {
            var connectTimeout = TimeSpan.FromSeconds(_options.ConnectTimeoutSeconds);
            using (var limit = new CancellationTokenSource(connectTimeout, time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token))
            {
                await socket.ConnectAsync(new IPEndPoint(address, host.Port), linked.Token);
            }
            connected = true;
            var connection = await RelayConnection.OpenAsync(socket, host, remote, _heloName,
                TimeSpan.FromSeconds(_options.CommandTimeoutSeconds), time, cancellationToken);
            LogConnected(logger, host.Name, remote, connection.IsSecure);
            opened = true;
            return new Opened(connection, null);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            throw new OperationCanceledException("Delivery was stopped.", ex, cancellationToken);
        }
        catch (Exception ex) when (IsSessionFault(ex, cancellationToken))
        {
            LogConnectFailed(logger, host.Name, remote, ex.Message);
            return ex switch
            {
                OperationCanceledException when !connected => new Opened(null, Failure(DeliveryStage.Connect,
                    $"{host.Name} [{remote}] took no connection in {_options.ConnectTimeoutSeconds} seconds.")),
                OperationCanceledException => new Opened(null, Failure(DeliveryStage.Session,
                    $"{host.Name} [{remote}] did not answer within {_options.CommandTimeoutSeconds} seconds.")),
                SocketException socketError => new Opened(null, Failure(DeliveryStage.Connect,
                    $"Could not connect to {host.Name} [{remote}]: {socketError.SocketErrorCode}.")),
                RelayException { Fault: RelayFault.Tls } => new Opened(null, Failure(DeliveryStage.Session,
                    $"The TLS handshake with {host.Name} [{remote}] failed."), TlsFailed: true),
                RelayException { Fault: RelayFault.Refused, Reply: { } reply } => new Opened(null,
                    AttemptResult.FromReply(DeliveryStage.Session, reply.Code, reply.Text, host.Name, remote)),
                RelayException { Fault: RelayFault.Authentication } => new Opened(null, Failure(
                    DeliveryStage.Authenticate,
                    $"{host.Name} refused the Delivery:Smarthost credentials; mail waits for a fix.")),
                RelayException { Fault: RelayFault.Unsupported } => new Opened(null, Failure(DeliveryStage.Session,
                    $"{host.Name} does not offer what Delivery:Smarthost requires: {ex.Message}")),
                _ => new Opened(null, Failure(DeliveryStage.Session,
                    $"The session with {host.Name} [{remote}] failed: {ex.Message}")),
            };
        }
        finally
        {
            if (!opened)
            {
                socket.Dispose();
            }
        }
    }

    /// <summary>Where a transaction that broke off had got to, judged by the replies seen.</summary>
    private static DeliveryStage Progress(RelayTransaction transaction)
    {
        if (transaction.MailReply is null)
        {
            return DeliveryStage.MailFrom;
        }
        return transaction.AnyRecipientAccepted ? DeliveryStage.Data : DeliveryStage.RcptTo;
    }

    private static bool IsConnectionFault(Exception ex) => ex is IOException or SocketException
        or ObjectDisposedException or RelayException;

    /// <summary>What a remote host can cause while a session opens; the caller's cancellation is not one.</summary>
    private static bool IsSessionFault(Exception ex, CancellationToken cancellationToken)
        => !cancellationToken.IsCancellationRequested && (ex is OperationCanceledException || IsConnectionFault(ex));

    private sealed record Opened(RelayConnection? Connection, AttemptResult? Failure, bool TlsFailed = false);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Debug, Message = "Connected to {Host} [{RemoteIp}], TLS {Tls}")]
    private static partial void LogConnected(ILogger logger, string host, string remoteIp, bool tls);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Debug, Message = "Reusing the session with {Host} [{RemoteIp}]")]
    private static partial void LogReused(ILogger logger, string host, string remoteIp);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information,
        Message = "Could not open a session with {Host} [{RemoteIp}]: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string host, string remoteIp, string reason);
}
