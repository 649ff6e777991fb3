namespace ColdMail.Smtp;

/// <summary>
/// One SMTP reply: the basic code (RFC 5321 §4.2), the enhanced status code (RFC 3463) and the text.
/// Every reply the server gives is built in <see cref="SmtpReplies"/>, so the codes stay consistent.
/// </summary>
public readonly record struct SmtpReply(int Code, string? EnhancedCode, string Text)
{
    public bool IsPositive => Code is >= 200 and < 400;

    public bool IsTransientFailure => Code is >= 400 and < 500;

    public bool IsPermanentFailure => Code >= 500;

    /// <summary>The reply as sent on the wire, with each line of a multi-line text numbered correctly.</summary>
    public override string ToString()
    {
        var lines = Text.Split('\n');
        var prefix = EnhancedCode is null ? string.Empty : EnhancedCode + " ";
        if (lines.Length == 1)
        {
            return $"{Code} {prefix}{Text}\r\n";
        }
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            var separator = i == lines.Length - 1 ? ' ' : '-';
            builder.Append(Code).Append(separator).Append(prefix).Append(lines[i]).Append("\r\n");
        }
        return builder.ToString();
    }
}
