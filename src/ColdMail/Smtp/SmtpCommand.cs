namespace ColdMail.Smtp;

/// <summary>One command line: the verb and everything after the first space, decoded as UTF-8.</summary>
public readonly record struct SmtpCommand(SmtpVerb Verb, string Argument)
{
    public bool HasArgument => Argument.Length > 0;
}
