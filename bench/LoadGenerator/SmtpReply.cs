namespace ColdMail.Bench;

/// <summary>One complete server reply: the three-digit code and every line's text after it.</summary>
internal readonly record struct SmtpReply(int Code, IReadOnlyList<string> Lines)
{
    /// <summary>2xx and 3xx move the dialogue on (RFC 5321 §4.2.1).</summary>
    public bool IsPositive => Code is >= 200 and < 400;

    public string Text => string.Join(" / ", Lines);

    public override string ToString() => $"{Code} {Text}";
}
