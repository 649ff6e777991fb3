namespace ColdMail.Configuration;

/// <summary>One relay that carries all outgoing mail, for networks where port 25 is closed.</summary>
public sealed class SmarthostOptions
{
    /// <summary>Host name or IP address of the relay; empty sends to recipients' MX hosts.</summary>
    public string? Host { get; set; }

    /// <summary>The submission port (RFC 6409 §3.1).</summary>
    public int Port { get; set; } = 587;

    /// <summary>How the session is protected; the relay's certificate is always checked under TLS.</summary>
    public SmarthostTls Tls { get; set; } = SmarthostTls.StartTls;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
