using System.IO.Pipelines;
using System.Net;
using ColdMail.Configuration;
using ColdMail.Smtp.Tls;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace ColdMail.Smtp.Listeners;

/// <summary>
/// Turns an accepted connection into an SMTP session: the per-address limit, the session id and log
/// scope, TLS (from the first byte or on STARTTLS) and a policy handler from a fresh service scope.
/// </summary>
public sealed class SmtpConnectionRunner(
    SmtpEngine engine,
    SmtpCertificateProvider certificates,
    ConnectionLimiter limiter,
    IServiceScopeFactory scopes,
    IHostApplicationLifetime lifetime,
    IOptions<ColdMailOptions> options,
    TimeProvider timeProvider,
    ILogger<SmtpConnectionRunner> logger)
{
    private readonly SmtpSessionLimits _limits = new(
        TimeSpan.FromSeconds(options.Value.Smtp.IdleTimeoutSeconds),
        TimeSpan.FromSeconds(options.Value.Smtp.SessionTimeoutSeconds));

    public async Task RunAsync(ConnectionContext connection, bool implicitTls)
        => await RunAsync(connection, implicitTls, SmtpListenerProfile.Submission);

    public async Task RunAsync(ConnectionContext connection, bool implicitTls, SmtpListenerProfile profile)
    {
        var remote = RemoteAddress(connection);
        var sessionId = SessionId.Create(timeProvider);
        using var scope = SmtpLog.BeginSession(logger, sessionId, remote);
        SmtpLog.SessionOpened(logger, sessionId, remote.ToString(), implicitTls);
        TlsPipe? tls = null;
        var admitted = limiter.TryAcquire(remote);
        try
        {
            IDuplexPipe pipe = connection.Transport;
            if (implicitTls)
            {
                tls = await HandshakeAsync(pipe, lifetime.ApplicationStopping);
                if (tls is null)
                {
                    return;
                }
                pipe = tls;
            }
            if (!admitted)
            {
                SmtpLog.TooManyConnections(logger, remote.ToString(), limiter.Limit);
                SmtpReplyWriter.Write(pipe.Output, SmtpReplies.TooManyConnections);
                await pipe.Output.FlushAsync(lifetime.ApplicationStopping);
                return;
            }

            await using var services = scopes.CreateAsyncScope();
            var context = new SubmissionContext { SessionId = sessionId, RemoteAddress = remote, IsTls = implicitTls };
            var policy = profile.HandlerKey is null
                ? services.ServiceProvider.GetRequiredService<ISubmissionHandler>()
                : services.ServiceProvider.GetRequiredKeyedService<ISubmissionHandler>(profile.HandlerKey);
            var state = new SmtpSessionState(context, policy) { Profile = profile };
            var session = new SmtpSession(engine, state, pipe, implicitTls ? null : StartTlsAsync, _limits,
                timeProvider, logger, lifetime.ApplicationStopping);
            await session.RunAsync();
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException
            or ConnectionResetException or ConnectionAbortedException)
        {
            SmtpLog.ConnectionLost(logger, exception.Message);
        }
        finally
        {
            if (admitted)
            {
                limiter.Release(remote);
            }
            if (tls is not null)
            {
                await tls.DisposeAsync();
            }
            SmtpLog.SessionClosed(logger, sessionId);
        }
    }

    private async ValueTask<IDuplexPipe> StartTlsAsync(IDuplexPipe plain, CancellationToken cancellationToken) =>
        await HandshakeAsync(plain, cancellationToken)
            ?? throw new IOException("The TLS handshake failed.");

    private async ValueTask<TlsPipe?> HandshakeAsync(IDuplexPipe plain, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_limits.Idle, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            var tls = await TlsPipe.AcceptAsync(plain, certificates.ServerOptions, linked.Token);
            SmtpLog.TlsStarted(logger, tls.Stream.SslProtocol.ToString(),
                tls.Stream.NegotiatedCipherSuite.ToString());
            return tls;
        }
        catch (Exception exception) when (exception is IOException
            or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            SmtpLog.TlsFailed(logger, exception.Message);
            return null;
        }
    }

    private static IPAddress RemoteAddress(ConnectionContext connection)
    {
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}
