namespace ColdMail.Tests.EndToEnd;

/// <summary>A mailbox set up through the admin verbs, with the one key secret it was given.</summary>
public sealed record Sender(string Domain, string Address, string KeyId, string Secret);
