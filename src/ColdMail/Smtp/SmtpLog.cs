using System.Net;

namespace ColdMail.Smtp;

/// <summary>
/// The SMTP component's log events (ids 2000-2099). Connection chatter is Debug, limits hit are
/// Warning, a failure inside a session is Error once with its exception. Every event inside a
/// session carries {SessionId} and {RemoteIp} through <see cref="BeginSession"/>.
/// </summary>
public static partial class SmtpLog
{
    private static readonly Func<ILogger, string, string, IDisposable?> SessionScope =
        LoggerMessage.DefineScope<string, string>("SMTP session {SessionId} from {RemoteIp}");

    public static IDisposable? BeginSession(ILogger logger, string sessionId, IPAddress remoteIp) =>
        SessionScope(logger, sessionId, remoteIp.ToString());

    [LoggerMessage(2000, LogLevel.Information, "SMTP listening on {Endpoint} ({Mode})")]
    public static partial void Listening(ILogger logger, IPEndPoint endpoint, string mode);

    [LoggerMessage(2001, LogLevel.Debug, "Session {SessionId} opened from {RemoteIp} (TLS: {IsTls})")]
    public static partial void SessionOpened(ILogger logger, string sessionId, string remoteIp, bool isTls);

    [LoggerMessage(2002, LogLevel.Debug, "Session {SessionId} closed")]
    public static partial void SessionClosed(ILogger logger, string sessionId);

    [LoggerMessage(2003, LogLevel.Debug, "C: {Line}")]
    public static partial void CommandReceived(ILogger logger, string line);

    [LoggerMessage(2004, LogLevel.Debug, "S: {Code} {EnhancedCode} {Text}")]
    public static partial void ReplySent(ILogger logger, int code, string? enhancedCode, string text);

    [LoggerMessage(2005, LogLevel.Debug, "TLS started: {Protocol} {Cipher}")]
    public static partial void TlsStarted(ILogger logger, string protocol, string cipher);

    [LoggerMessage(2006, LogLevel.Debug, "TLS handshake failed: {Reason}")]
    public static partial void TlsFailed(ILogger logger, string reason);

    [LoggerMessage(2007, LogLevel.Debug, "Connection ended by the client: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, string reason);

    [LoggerMessage(2010, LogLevel.Warning, "Refused a connection from {RemoteIp}: {Limit} simultaneous sessions")]
    public static partial void TooManyConnections(ILogger logger, string remoteIp, int limit);

    [LoggerMessage(2011, LogLevel.Warning, "Session {SessionId} closed after {Errors} refused commands")]
    public static partial void TooManyErrors(ILogger logger, string sessionId, int errors);

    [LoggerMessage(2012, LogLevel.Warning, "Session {SessionId} closed: {Reason}")]
    public static partial void TimedOut(ILogger logger, string sessionId, string reason);

    [LoggerMessage(2013, LogLevel.Debug, "Session {SessionId} closed for shutdown")]
    public static partial void ShutdownClose(ILogger logger, string sessionId);

    [LoggerMessage(2014, LogLevel.Warning, "Session {SessionId}: message refused ({Reason})")]
    public static partial void MessageRefused(ILogger logger, string sessionId, MessageReadResult reason);

    [LoggerMessage(2020, LogLevel.Error, "Session {SessionId} failed unexpectedly")]
    public static partial void UnexpectedError(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(2030, LogLevel.Warning,
        "No SMTP certificate configured: using the self-signed certificate {Path}. Clients will not trust it; " +
        "set ColdMail:Smtp:CertificatePath and ColdMail:Smtp:CertificateKeyPath for production.")]
    public static partial void SelfSignedCertificate(ILogger logger, string path);

    [LoggerMessage(2031, LogLevel.Information, "Generated a self-signed SMTP certificate for {Hostname} in {Path}")]
    public static partial void CertificateGenerated(ILogger logger, string hostname, string path);
}
