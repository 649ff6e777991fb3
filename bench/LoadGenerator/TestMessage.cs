namespace ColdMail.Bench;

/// <summary>One message to submit: its envelope and its content as header and body octets.</summary>
internal sealed record TestMessage(string Sender, string Recipient, byte[] Header, byte[] Body)
{
    public int Length => Header.Length + Body.Length;
}
