namespace ColdMail.Configuration;

public sealed class SmtpOptions
{
    /// <summary>The name given in the greeting and EHLO reply, and in Received headers.</summary>
    public string Hostname { get; set; } = System.Net.Dns.GetHostName();

    /// <summary>Submission with STARTTLS (RFC 6409). 587 in production; the default needs no root.</summary>
    public int StartTlsPort { get; set; } = 2587;

    /// <summary>Submission over implicit TLS (RFC 8314). 465 in production; the default needs no root.</summary>
    public int ImplicitTlsPort { get; set; } = 2465;

    /// <summary>The address the SMTP listeners bind to.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>PEM certificate chain; absent means a self-signed certificate in the data directory.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private key of <see cref="CertificatePath"/>.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>Largest message in octets, advertised with SIZE (RFC 1870); 25 MiB, as large providers take.</summary>
    public long MaxMessageSize { get; set; } = 25 * 1024 * 1024;

    /// <summary>Recipients per message. RFC 5321 §4.5.3.1.8 asks for at least 100.</summary>
    public int MaxRecipients { get; set; } = 100;

    /// <summary>Commands refused in one session before it is closed, against probing.</summary>
    public int MaxErrors { get; set; } = 10;

    /// <summary>Seconds without a complete command. RFC 5321 §4.5.3.2.7 suggests at least 5 minutes.</summary>
    public int IdleTimeoutSeconds { get; set; } = 300;

    /// <summary>Seconds a whole session may last, however busy, so a slow client cannot hold a slot forever.</summary>
    public int SessionTimeoutSeconds { get; set; } = 1800;

    /// <summary>Simultaneous sessions from one client address.</summary>
    public int MaxConnectionsPerAddress { get; set; } = 200;

    /// <summary>Failed logins per client address in <see cref="AuthFailureWindowSeconds"/> before throttling.</summary>
    public int MaxAuthFailuresPerAddress { get; set; } = 10;

    /// <summary>Failed logins per user name in <see cref="AuthFailureWindowSeconds"/> before throttling.</summary>
    public int MaxAuthFailuresPerUser { get; set; } = 5;

    public int AuthFailureWindowSeconds { get; set; } = 300;
}
