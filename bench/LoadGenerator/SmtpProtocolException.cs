namespace ColdMail.Bench;

/// <summary>The server said something that is not an SMTP reply, or broke the dialogue's order.</summary>
internal sealed class SmtpProtocolException(string message) : Exception(message);
