namespace ColdMail.Tests.Support;

/// <summary>A message the test server accepted: envelope, bytes as received, and whether TLS carried it.</summary>
public sealed record ReceivedMessage(
    string MailFrom,
    IReadOnlyList<string> Recipients,
    byte[] Data,
    bool Tls,
    int ConnectionId,
    string? Helo);
