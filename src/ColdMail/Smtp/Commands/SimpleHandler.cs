namespace ColdMail.Smtp.Commands;

/// <summary>A command whose reply never depends on the policy: NOOP, HELP, VRFY, EXPN.</summary>
public sealed class SimpleHandler(Func<SmtpCommand, SmtpReply> reply) : ISmtpCommandHandler
{
    // RFC 5321 §4.1.1.9: NOOP may carry a string, which is ignored.
    public static readonly SimpleHandler Noop = new(_ => SmtpReplies.Ok);

    public static readonly SimpleHandler Help = new(_ => SmtpReplies.Help);

    // RFC 5321 §3.5.3: 252 rather than disclose whether a mailbox exists.
    public static readonly SimpleHandler Vrfy = new(command => command.HasArgument
        ? SmtpReplies.CannotVerify
        : SmtpReplies.InvalidArguments("VRFY needs an address"));

    // RFC 5321 §3.5.2: mailing-list expansion is not offered.
    public static readonly SimpleHandler Expn = new(_ => SmtpReplies.CommandNotImplemented);

    public ValueTask<SmtpOutcome> HandleAsync(
        SmtpSessionState session,
        SmtpCommand command,
        CancellationToken cancellationToken) =>
        ValueTask.FromResult<SmtpOutcome>(reply(command));
}
