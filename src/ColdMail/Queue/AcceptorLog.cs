namespace ColdMail.Queue;

/// <summary>The operator's log lines of <see cref="MessageAcceptor"/>.</summary>
internal static partial class AcceptorLog
{
    [LoggerMessage(3201, LogLevel.Warning,
        "A batch of {Count} writes failed to commit; retrying each alone")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(3202, LogLevel.Error,
        "A write failed to commit; its caller is told it was not stored")]
    public static partial void WriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(3203, LogLevel.Debug,
        "The last use of auth key {KeyId} was not recorded; the queue is full")]
    public static partial void KeyUseDropped(ILogger logger, Guid keyId);

    [LoggerMessage(3204, LogLevel.Information,
        "Message acceptor stopped after handling every queued write")]
    public static partial void Stopped(ILogger logger);
}
