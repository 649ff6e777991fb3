namespace ColdMail.Smtp;

/// <summary>The time limits of one session.</summary>
/// <param name="Idle">Longest wait for the next piece of input (RFC 5321 §4.5.3.2.7).</param>
/// <param name="Session">Longest a whole session may last.</param>
public readonly record struct SmtpSessionLimits(TimeSpan Idle, TimeSpan Session);
