namespace ColdMail.Smtp;

/// <summary>
/// Everything the engine knows of one session. Command handlers read and change it; the connection
/// owns the sockets and never appears here, so each command can be run without one.
/// </summary>
public sealed class SmtpSessionState(SubmissionContext context, ISubmissionHandler handler)
{
    public SubmissionContext Context { get; } = context;

    public ISubmissionHandler Handler { get; } = handler;

    /// <summary>The listener the session arrived on: whether AUTH exists and is needed.</summary>
    public SmtpListenerProfile Profile { get; init; } = SmtpListenerProfile.Submission;

    public SmtpState State { get; set; } = SmtpState.Connected;

    /// <summary>True after EHLO, false after HELO: service extensions need EHLO (RFC 5321 §4.1.1.1).</summary>
    public bool Extended { get; set; }

    /// <summary>The name the client gave in EHLO or HELO; kept on the context for the trace field.</summary>
    public string? ClientName
    {
        get => Context.ClientName;
        set => Context.ClientName = value;
    }

    /// <summary>The open transaction was started with SMTPUTF8 (RFC 6531 §3.4).</summary>
    public bool Utf8Transaction { get; set; }

    /// <summary>An AUTH exchange waiting for a continuation line, or null.</summary>
    public PendingAuth? Auth { get; set; }

    /// <summary>Refused commands so far, counted against the session's error limit.</summary>
    public int Errors { get; set; }

    public bool IsTls => Context.IsTls;

    public bool IsAuthenticated => Context.Sender is not null;

    /// <summary>Ends the open transaction, if any, telling the policy it will get no message.</summary>
    public async ValueTask EndTransactionAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (Context.MailFrom is not null)
            {
                await Handler.AbandonAsync(Context, cancellationToken);
            }
        }
        finally
        {
            // The policy reads its state in AbandonAsync; only then is the transaction cleared.
            Context.ResetTransaction();
            Utf8Transaction = false;
        }
    }

    /// <summary>RFC 3207 §4.2: after the handshake the session starts over; only the client address stays.</summary>
    public void RestartUnderTls()
    {
        State = SmtpState.Connected;
        Extended = false;
        ClientName = null;
        Utf8Transaction = false;
        Auth = null;
        Context.ResetTransaction();
        Context.Sender = null;
        Context.IsTls = true;
    }
}
