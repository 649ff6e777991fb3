using ColdMail.Smtp.Commands;

namespace ColdMail.Smtp;

/// <summary>
/// Runs one command line against a session: parse, look up the state table, check what the command
/// needs, run its handler, move the state. It does no I/O, so dialogues can be replayed without a socket.
/// </summary>
public sealed class SmtpEngine
{
    private readonly ISmtpCommandHandler?[] _handlers;
    private readonly AuthHandler _auth = new();

    public SmtpEngine(SmtpEngineSettings settings)
    {
        Settings = settings;
        _handlers = new ISmtpCommandHandler?[Enum.GetValues<SmtpVerb>().Length];
        var ehlo = new EhloHandler(settings);
        _handlers[(int)SmtpVerb.Ehlo] = ehlo;
        _handlers[(int)SmtpVerb.Helo] = ehlo;
        _handlers[(int)SmtpVerb.StartTls] = new StartTlsHandler();
        _handlers[(int)SmtpVerb.Auth] = _auth;
        _handlers[(int)SmtpVerb.Mail] = new MailHandler(settings);
        _handlers[(int)SmtpVerb.Rcpt] = new RcptHandler(settings);
        _handlers[(int)SmtpVerb.Data] = new DataHandler();
        _handlers[(int)SmtpVerb.Rset] = new RsetHandler();
        _handlers[(int)SmtpVerb.Noop] = SimpleHandler.Noop;
        _handlers[(int)SmtpVerb.Quit] = new QuitHandler(settings);
        _handlers[(int)SmtpVerb.Vrfy] = SimpleHandler.Vrfy;
        _handlers[(int)SmtpVerb.Expn] = SimpleHandler.Expn;
        _handlers[(int)SmtpVerb.Help] = SimpleHandler.Help;
    }

    public SmtpEngineSettings Settings { get; }

    /// <summary>Runs one line (without its CRLF): a command, or the answer to an AUTH challenge.</summary>
    public ValueTask<SmtpOutcome> ExecuteAsync(
        SmtpSessionState session,
        ReadOnlySpan<byte> line,
        CancellationToken cancellationToken)
    {
        if (session.Auth is not null)
        {
            // Answers to 334 are base64 or "*" (RFC 4954 §4); anything else fails to decode there.
            return Count(session, _auth.ContinueAsync(session, System.Text.Encoding.ASCII.GetString(line),
                cancellationToken));
        }
        if (!SmtpCommandParser.TryParse(line, out var command))
        {
            return Count(session, ValueTask.FromResult<SmtpOutcome>(SmtpReplies.SyntaxError));
        }
        return Count(session, ExecuteAsync(session, command, cancellationToken));
    }

    /// <summary>Runs one parsed command.</summary>
    public async ValueTask<SmtpOutcome> ExecuteAsync(
        SmtpSessionState session,
        SmtpCommand command,
        CancellationToken cancellationToken)
    {
        var handler = _handlers[(int)command.Verb];
        if (handler is null)
        {
            return SmtpReplies.CommandUnrecognized;
        }
        // RFC 5321 §4.2.4: a known command this listener does not offer is 502.
        if (command.Verb == SmtpVerb.Auth && !session.Profile.OffersAuth)
        {
            return SmtpReplies.CommandNotImplemented;
        }
        if (!SmtpStateTable.TryGet(session.State, command.Verb, out var transition))
        {
            return SmtpStateTable.OutOfSequence(session.State);
        }
        var unmet = Unmet(session, transition.Requires);
        if (unmet is { } refusal)
        {
            return refusal;
        }

        var outcome = await handler.HandleAsync(session, command, cancellationToken);
        if (outcome.Reply.IsPositive)
        {
            session.State = transition.To;
        }
        return outcome;
    }

    /// <summary>
    /// The reply at the end of DATA: the engine's own refusal, or the policy's answer. Either way the
    /// transaction is over and the state returns to <see cref="SmtpStateTable.AfterData"/>.
    /// </summary>
    public async ValueTask<SmtpReply> CompleteMessageAsync(
        SmtpSessionState session,
        MessageReadResult result,
        ReadOnlyMemory<byte> message,
        CancellationToken cancellationToken)
    {
        session.State = SmtpStateTable.AfterData;
        var context = session.Context;
        var reply = result switch
        {
            MessageReadResult.BareLineEnding => SmtpReplies.BareLineEnding,
            MessageReadResult.LineTooLong => SmtpReplies.MessageLineTooLong,
            MessageReadResult.TooBig => SmtpReplies.MessageTooBig(Settings.MaxMessageSize),
            _ => (SmtpReply?)null,
        };
        try
        {
            reply ??= await session.Handler.MessageAsync(context, message, cancellationToken);
        }
        finally
        {
            if (reply is { IsPositive: true })
            {
                context.ResetTransaction();
                session.Utf8Transaction = false;
            }
            else if (!cancellationToken.IsCancellationRequested)
            {
                // No message was taken, so the policy releases what it held for the transaction.
                await session.EndTransactionAsync(cancellationToken);
            }
            // Cancelled: the transaction stays open for the session's clean-up to abandon.
        }
        return reply.Value;
    }

    private static SmtpReply? Unmet(SmtpSessionState session, SmtpRequirement requires)
    {
        if (requires.HasFlag(SmtpRequirement.Ehlo) && !session.Extended)
        {
            return SmtpReplies.SendEhloFirst;
        }
        if (requires.HasFlag(SmtpRequirement.NoTls) && session.IsTls)
        {
            return SmtpReplies.TlsAlreadyActive;
        }
        if (requires.HasFlag(SmtpRequirement.Tls) && !session.IsTls)
        {
            return SmtpReplies.StartTlsFirst;
        }
        if (requires.HasFlag(SmtpRequirement.NotAuthenticated) && session.IsAuthenticated)
        {
            return SmtpReplies.AlreadyAuthenticated;
        }
        // A listener without AUTH (the return path) takes transactions from anyone.
        if (requires.HasFlag(SmtpRequirement.Authenticated) && session.Profile.OffersAuth
            && !session.IsAuthenticated)
        {
            return session.IsTls ? SmtpReplies.AuthenticationRequired : SmtpReplies.StartTlsFirst;
        }
        return null;
    }

    private async ValueTask<SmtpOutcome> Count(SmtpSessionState session, ValueTask<SmtpOutcome> pending)
    {
        var outcome = await pending;
        if (IsProtocolError(outcome.Reply.Code))
        {
            session.Errors++;
        }
        return outcome;
    }

    /// <summary>
    /// A line refused before it could be parsed (too long, a bare LF): counted like any refusal,
    /// and it ends an AUTH exchange whose answer it was.
    /// </summary>
    public SmtpReply RefuseLine(SmtpSessionState session, SmtpReply reply)
    {
        session.Auth = null;
        if (IsProtocolError(reply.Code))
        {
            session.Errors++;
        }
        return reply;
    }

    /// <summary>True once the session has been refused as often as it may be.</summary>
    public bool ErrorLimitReached(SmtpSessionState session) => session.Errors >= Settings.MaxErrors;

    // Protocol misuse and failed logins count against the limit; policy refusals (a suppressed
    // recipient, a send limit) do not, or a busy sender would be cut off for its own list.
    private static bool IsProtocolError(int code) => code is >= 500 and <= 504 or 530 or 535 or 555;
}
