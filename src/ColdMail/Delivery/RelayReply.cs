namespace ColdMail.Delivery;

/// <summary>
/// A remote server's reply: the basic code and the text of every line after it, lines joined by a line feed
/// (RFC 5321 §4.2.1), enhanced codes included as sent.
/// </summary>
public readonly record struct RelayReply(int Code, string Text)
{
    public bool IsPositive => Code is >= 200 and < 300;

    /// <summary>421: the server is closing the session (RFC 5321 §3.8); nothing more goes on it.</summary>
    public bool ClosesSession => Code == 421;
}
