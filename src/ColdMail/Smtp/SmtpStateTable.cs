namespace ColdMail.Smtp;

/// <summary>
/// The SMTP dialogue as data (RFC 5321 §4.1.4 on command order): which command each state allows,
/// what it needs, and the state it leads to when its reply is positive. A command not listed for a
/// state is refused with that state's bad-sequence reply. DATA content is read outside this table.
/// </summary>
public static class SmtpStateTable
{
    private const SmtpRequirement Ehlo = SmtpRequirement.Ehlo;
    private const SmtpRequirement Tls = SmtpRequirement.Tls;
    private const SmtpRequirement NoTls = SmtpRequirement.NoTls;
    private const SmtpRequirement Authenticated = SmtpRequirement.Authenticated;
    private const SmtpRequirement NotAuthenticated = SmtpRequirement.NotAuthenticated;

    public static readonly IReadOnlyList<SmtpTransition> Rows =
    [
        .. Always(SmtpState.Connected),
        new(SmtpState.Connected, SmtpVerb.Rset, SmtpState.Connected, SmtpRequirement.None),

        .. Always(SmtpState.Greeted),
        new(SmtpState.Greeted, SmtpVerb.Rset, SmtpState.Greeted, SmtpRequirement.None),
        // RFC 3207 §4.2: after TLS starts the client must greet again.
        new(SmtpState.Greeted, SmtpVerb.StartTls, SmtpState.Connected, Ehlo | NoTls),
        // RFC 4954 §4: not during a transaction, not twice.
        new(SmtpState.Greeted, SmtpVerb.Auth, SmtpState.Greeted, Ehlo | Tls | NotAuthenticated),
        new(SmtpState.Greeted, SmtpVerb.Mail, SmtpState.MailGiven, Authenticated),

        .. Always(SmtpState.MailGiven),
        new(SmtpState.MailGiven, SmtpVerb.Rset, SmtpState.Greeted, SmtpRequirement.None),
        new(SmtpState.MailGiven, SmtpVerb.Rcpt, SmtpState.RecipientGiven, Authenticated),
        // RFC 2920 §3.1: a pipelined DATA after refused recipients gets its own refusal.
        new(SmtpState.MailGiven, SmtpVerb.Data, SmtpState.ReceivingData, Authenticated),

        .. Always(SmtpState.RecipientGiven),
        new(SmtpState.RecipientGiven, SmtpVerb.Rset, SmtpState.Greeted, SmtpRequirement.None),
        new(SmtpState.RecipientGiven, SmtpVerb.Rcpt, SmtpState.RecipientGiven, Authenticated),
        new(SmtpState.RecipientGiven, SmtpVerb.Data, SmtpState.ReceivingData, Authenticated),
    ];

    /// <summary>Where a session stands once a message's data has ended, whatever the reply.</summary>
    public const SmtpState AfterData = SmtpState.Greeted;

    private static readonly SmtpTransition?[,] Table = Build();

    public static bool TryGet(SmtpState state, SmtpVerb verb, out SmtpTransition transition)
    {
        var row = Table[(int)state, (int)verb];
        transition = row.GetValueOrDefault();
        return row.HasValue;
    }

    /// <summary>The refusal for a command the state does not list.</summary>
    public static SmtpReply OutOfSequence(SmtpState state) => state switch
    {
        SmtpState.Connected => SmtpReplies.SendEhloFirst,
        SmtpState.Greeted => SmtpReplies.SendMailFirst,
        _ => SmtpReplies.TransactionInProgress,
    };

    // RFC 5321 §4.1.4: EHLO, HELO, NOOP, QUIT, VRFY and HELP may be given at any point in a session;
    // a new EHLO or HELO also ends an open transaction, like RSET.
    private static IEnumerable<SmtpTransition> Always(SmtpState state) =>
    [
        new(state, SmtpVerb.Ehlo, SmtpState.Greeted, SmtpRequirement.None),
        new(state, SmtpVerb.Helo, SmtpState.Greeted, SmtpRequirement.None),
        new(state, SmtpVerb.Noop, state, SmtpRequirement.None),
        new(state, SmtpVerb.Quit, state, SmtpRequirement.None),
        new(state, SmtpVerb.Vrfy, state, SmtpRequirement.None),
        new(state, SmtpVerb.Expn, state, SmtpRequirement.None),
        new(state, SmtpVerb.Help, state, SmtpRequirement.None),
    ];

    private static SmtpTransition?[,] Build()
    {
        var table = new SmtpTransition?[Enum.GetValues<SmtpState>().Length, Enum.GetValues<SmtpVerb>().Length];
        foreach (var row in Rows)
        {
            table[(int)row.From, (int)row.Verb] = row;
        }
        return table;
    }
}
