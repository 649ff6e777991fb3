using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace ColdMail.Smtp;

/// <summary>
/// One connection's dialogue over System.IO.Pipelines: reads command lines and message content,
/// runs them through the <see cref="SmtpEngine"/>, writes replies, and flushes only when the input
/// runs dry, so pipelined commands (RFC 2920) are answered in order and in as few writes as possible.
/// </summary>
public sealed class SmtpSession
{
    private enum Step
    {
        Continue,
        NeedMore,
        StartTls,
        Close,
    }

    private readonly SmtpEngine _engine;
    private readonly SmtpSessionState _state;
    private readonly StartTlsCallback? _startTls;
    private readonly SmtpSessionLimits _limits;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationToken _shutdown;
    private readonly MessageReader _message = new();
    private readonly MessageBuffer _messageBuffer = new();
    private IDuplexPipe _pipe;
    private IAsyncDisposable? _tls;
    private bool _receivingData;
    private bool _discardingLine;
    private bool _unflushed;

    public SmtpSession(
        SmtpEngine engine,
        SmtpSessionState state,
        IDuplexPipe transport,
        StartTlsCallback? startTls,
        SmtpSessionLimits limits,
        TimeProvider timeProvider,
        ILogger logger,
        CancellationToken shutdown)
    {
        _engine = engine;
        _state = state;
        _pipe = transport;
        _startTls = startTls;
        _limits = limits;
        _time = timeProvider;
        _logger = logger;
        _shutdown = shutdown;
    }

    private string Id => _state.Context.SessionId;

    /// <summary>Greets, then serves until QUIT, a limit, shutdown or the client going away.</summary>
    public async Task RunAsync()
    {
        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var total = new CancellationTokenSource(_limits.Session, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(idle.Token, total.Token, _shutdown);
        try
        {
            await ServeAsync(idle, linked.Token);
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            SmtpLog.ShutdownClose(_logger, Id);
            await SayGoodbyeAsync(SmtpReplies.ShuttingDown);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            var reply = total.IsCancellationRequested ? SmtpReplies.SessionTimeLimit : SmtpReplies.IdleTimeout;
            SmtpLog.TimedOut(_logger, Id, reply.Text);
            await SayGoodbyeAsync(reply);
        }
        catch (Exception exception) when (IsConnectionFault(exception))
        {
            SmtpLog.ConnectionLost(_logger, exception.Message);
        }
        catch (Exception exception)
        {
            SmtpLog.UnexpectedError(_logger, Id, exception);
            await SayGoodbyeAsync(SmtpReplies.UnexpectedError(Id));
        }
        finally
        {
            await CleanUpAsync();
        }
    }

    private async Task ServeAsync(CancellationTokenSource idle, CancellationToken token)
    {
        Write(_engine.Settings.Greeting);
        while (true)
        {
            // The idle clock starts before the flush: a client that stops reading replies is idle too.
            idle.CancelAfter(_limits.Idle);
            if (_unflushed && !await FlushAsync(token))
            {
                return;
            }
            var input = _pipe.Input;
            var result = await input.ReadAsync(token);
            var buffer = result.Buffer;
            var step = Step.Continue;
            while (step == Step.Continue && !buffer.IsEmpty)
            {
                (step, buffer) = _receivingData
                    ? await ReadMessageAsync(buffer, token)
                    : await ReadCommandAsync(buffer, token);
            }

            if (step == Step.StartTls)
            {
                await StartTlsAsync(buffer, token);
                continue;
            }
            input.AdvanceTo(buffer.Start, buffer.End);
            if (step == Step.Close)
            {
                await FlushAsync(token);
                return;
            }
            if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }
        }
    }

    // Returns the input still unread; an incomplete line stays in the pipe until more arrives.
    private async ValueTask<(Step, ReadOnlySequence<byte>)> ReadCommandAsync(
        ReadOnlySequence<byte> buffer,
        CancellationToken token)
    {
        var limit = _state.Auth is null ? SmtpEngineSettings.MaxCommandLine : SmtpEngineSettings.MaxAuthLine;
        var newline = buffer.PositionOf((byte)'\n');
        if (_discardingLine)
        {
            // The rest of a line already refused as too long (RFC 5321 §4.5.3.1.4).
            _discardingLine = newline is null;
            var after = newline is { } end ? buffer.GetPosition(1, end) : buffer.End;
            return (Step.Continue, buffer.Slice(after));
        }
        if (newline is null)
        {
            if (buffer.Length < limit)
            {
                return (Step.NeedMore, buffer);
            }
            _discardingLine = true;
            return (Reply(_engine.RefuseLine(_state, SmtpReplies.LineTooLong)), buffer.Slice(buffer.End));
        }

        var line = buffer.Slice(0, newline.Value);
        var rest = buffer.Slice(buffer.GetPosition(1, newline.Value));
        if (line.Length + 1 > limit)
        {
            return (Reply(_engine.RefuseLine(_state, SmtpReplies.LineTooLong)), rest);
        }
        // RFC 5321 §2.3.8: a line ends with CRLF, never with LF alone.
        if (line.IsEmpty || !EndsWithCr(line))
        {
            return (Reply(_engine.RefuseLine(_state, SmtpReplies.BareLineEndingInCommand)), rest);
        }
        line = line.Slice(0, line.Length - 1);
        var outcome = await ExecuteAsync(line, token);
        var step = Reply(outcome.Reply);
        if (step == Step.Close)
        {
            return (step, rest);
        }
        switch (outcome.Action)
        {
            case SmtpAction.Close:
                return (Step.Close, rest);
            case SmtpAction.StartTls:
                return (Step.StartTls, rest);
            case SmtpAction.ReceiveData:
                _receivingData = true;
                _message.Start(_messageBuffer, _state.Context.DeclaredSize, _engine.Settings.MaxMessageSize);
                break;
        }
        return (Step.Continue, rest);
    }

    private async ValueTask<SmtpOutcome> ExecuteAsync(ReadOnlySequence<byte> line, CancellationToken token)
    {
        var scratch = line.IsSingleSegment ? null : ArrayPool<byte>.Shared.Rent((int)line.Length);
        try
        {
            ReadOnlyMemory<byte> bytes = scratch is null ? line.First : scratch.AsMemory(0, (int)line.Length);
            if (scratch is not null)
            {
                line.CopyTo(scratch);
            }
            LogLine(bytes.Span);
            return await _engine.ExecuteAsync(_state, bytes.Span, token);
        }
        catch (Exception exception) when (!IsCancellation(exception, token))
        {
            SmtpLog.UnexpectedError(_logger, Id, exception);
            return SmtpReplies.UnexpectedError(Id);
        }
        finally
        {
            if (scratch is not null)
            {
                // An AUTH line may hold a password.
                Array.Clear(scratch);
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
    }

    private async ValueTask<(Step, ReadOnlySequence<byte>)> ReadMessageAsync(
        ReadOnlySequence<byte> buffer,
        CancellationToken token)
    {
        if (!_message.TryRead(buffer, out var end))
        {
            return (Step.Continue, buffer.Slice(buffer.End));
        }
        _receivingData = false;
        var result = _message.Result;
        if (result != MessageReadResult.Complete)
        {
            SmtpLog.MessageRefused(_logger, Id, result);
        }
        SmtpReply reply;
        try
        {
            reply = await _engine.CompleteMessageAsync(_state, result, _messageBuffer.Memory, token);
        }
        catch (Exception exception) when (!IsCancellation(exception, token))
        {
            SmtpLog.UnexpectedError(_logger, Id, exception);
            reply = SmtpReplies.UnexpectedError(Id);
        }
        finally
        {
            _messageBuffer.Release();
        }
        return (Reply(reply), buffer.Slice(end));
    }

    // RFC 3207 §6: whatever the client sent after STARTTLS, before the handshake, is thrown away,
    // so nothing written in clear can pose as a command under TLS.
    private async Task StartTlsAsync(ReadOnlySequence<byte> unread, CancellationToken token)
    {
        var input = _pipe.Input;
        input.AdvanceTo(unread.End);
        while (input.TryRead(out var more))
        {
            input.AdvanceTo(more.Buffer.End);
        }
        if (!await FlushAsync(token))
        {
            throw new IOException("The client closed the connection before the TLS handshake.");
        }
        var protectedPipe = await _startTls!(_pipe, token);
        _pipe = protectedPipe;
        _tls = protectedPipe as IAsyncDisposable;
        _state.RestartUnderTls();
    }

    /// <summary>Queues a reply; after it, the session may have reached its error limit.</summary>
    private Step Reply(SmtpReply reply)
    {
        Write(reply);
        if (!_engine.ErrorLimitReached(_state))
        {
            return Step.Continue;
        }
        SmtpLog.TooManyErrors(_logger, Id, _state.Errors);
        Write(SmtpReplies.TooManyErrors);
        return Step.Close;
    }

    private void Write(SmtpReply reply)
    {
        SmtpReplyWriter.Write(_pipe.Output, reply);
        _unflushed = true;
        SmtpLog.ReplySent(_logger, reply.Code, reply.EnhancedCode, reply.Text);
    }

    private async ValueTask<bool> FlushAsync(CancellationToken token)
    {
        _unflushed = false;
        var result = await _pipe.Output.FlushAsync(token);
        return !result.IsCompleted && !result.IsCanceled;
    }

    private void LogLine(ReadOnlySpan<byte> line)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var text = Encoding.UTF8.GetString(line);
            SmtpLog.CommandReceived(_logger, SmtpRedaction.ForLog(text, _state.Auth is not null));
        }
    }

    // A closing reply (RFC 5321 §3.8) on a connection that may already be failing: best effort, briefly.
    private async Task SayGoodbyeAsync(SmtpReply reply)
    {
        try
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
            Write(reply);
            await _pipe.Output.FlushAsync(grace.Token);
        }
        catch (Exception exception) when (IsConnectionFault(exception) || exception is OperationCanceledException)
        {
            SmtpLog.ConnectionLost(_logger, exception.Message);
        }
    }

    private async Task CleanUpAsync()
    {
        try
        {
            // A transaction cut short still releases what the policy held for it.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10), _time);
            await _state.EndTransactionAsync(grace.Token);
        }
        catch (Exception exception)
        {
            SmtpLog.UnexpectedError(_logger, Id, exception);
        }
        finally
        {
            _messageBuffer.Dispose();
            if (_tls is not null)
            {
                await _tls.DisposeAsync();
            }
        }
    }

    private static bool EndsWithCr(ReadOnlySequence<byte> line) =>
        line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r';

    private static bool IsCancellation(Exception exception, CancellationToken token) =>
        exception is OperationCanceledException && token.IsCancellationRequested;

    private static bool IsConnectionFault(Exception exception) =>
        exception is IOException or ObjectDisposedException
            or Microsoft.AspNetCore.Connections.ConnectionResetException
            or Microsoft.AspNetCore.Connections.ConnectionAbortedException
            or System.Security.Authentication.AuthenticationException;
}
