namespace ColdMail.Smtp;

/// <summary>One row of the state table: a command allowed in a state, and where it leads when it succeeds.</summary>
public readonly record struct SmtpTransition(SmtpState From, SmtpVerb Verb, SmtpState To, SmtpRequirement Requires);
