namespace ColdMail.Smtp;

/// <summary>
/// What kind of listener a session arrived on. The state table and the command handlers are the same for
/// every listener; the profile only says whether AUTH exists there and which policy answers.
/// </summary>
public sealed class SmtpListenerProfile
{
    /// <summary>Submission (RFC 6409): AUTH is offered under TLS and nothing is taken without it.</summary>
    public static readonly SmtpListenerProfile Submission = new("submission", offersAuth: true, handlerKey: null);

    /// <summary>
    /// Mail from other servers to our return paths: no AUTH (RFC 5321 §4.5.5 has reports arrive from any
    /// MTA), STARTTLS offered but not required (RFC 3207 §4), and its own policy.
    /// </summary>
    public static readonly SmtpListenerProfile ReturnPath = new("return-path", offersAuth: false,
        handlerKey: "return-path");

    private SmtpListenerProfile(string name, bool offersAuth, string? handlerKey)
    {
        Name = name;
        OffersAuth = offersAuth;
        HandlerKey = handlerKey;
    }

    public string Name { get; }

    /// <summary>
    /// AUTH is advertised and accepted, and MAIL, RCPT and DATA need a login. Without it AUTH is an
    /// unknown command and the transaction commands need none.
    /// </summary>
    public bool OffersAuth { get; }

    /// <summary>The key of this listener's <see cref="ISubmissionHandler"/>; null for the unkeyed one.</summary>
    public string? HandlerKey { get; }

    public override string ToString() => Name;
}
