namespace ColdMail.Smtp;

/// <summary>An AUTH exchange waiting for the client's next line (RFC 4954 §4).</summary>
/// <param name="UserName">For LOGIN, the user name once given; null while it is being asked for.</param>
public sealed record PendingAuth(SaslMechanism Mechanism, string? UserName = null);
