namespace ColdMail.Smtp;

/// <summary>A command's reply and what the connection does next.</summary>
public readonly record struct SmtpOutcome(SmtpReply Reply, SmtpAction Action = SmtpAction.None)
{
    public static implicit operator SmtpOutcome(SmtpReply reply) => new(reply);
}
