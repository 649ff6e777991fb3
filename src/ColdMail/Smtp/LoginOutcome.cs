namespace ColdMail.Smtp;

/// <summary>The result of AUTH: the sender on success, and the reply to send either way.</summary>
public readonly record struct LoginOutcome(AuthenticatedSender? Sender, SmtpReply Reply);
