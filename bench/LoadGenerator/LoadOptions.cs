using System.CommandLine;

namespace ColdMail.Bench;

/// <summary>The generator's command line.</summary>
internal static class LoadOptions
{
    public static readonly Option<string> Host = new("--host")
    {
        Description = "Server address.",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    public static readonly Option<int> Port = new("--port") { Description = "Server port.", Required = true };

    public static readonly Option<TlsMode> Tls = new("--tls")
    {
        Description = "StartTls (port 587 style), Implicit (465 style) or None (plain sinks only).",
        DefaultValueFactory = _ => TlsMode.StartTls,
    };

    public static readonly Option<string?> User = new("--user") { Description = "AUTH PLAIN user (mailbox)." };

    public static readonly Option<string?> Password = new("--password")
    {
        Description = "AUTH PLAIN password (auth key). Prefer --credentials-file: arguments are visible in ps.",
    };

    public static readonly Option<FileInfo?> CredentialsFile = new("--credentials-file")
    {
        Description = "A file of USER:PASSWORD lines; sessions take them in turn.",
    };

    public static readonly Option<bool> NoAuth = new("--no-auth")
    {
        Description = "Send without AUTH (for a plain sink).",
    };

    public static readonly Option<int> Messages = new("--messages")
    {
        Description = "Messages to submit in all.",
        DefaultValueFactory = _ => 2000,
    };

    public static readonly Option<int> Concurrency = new("--concurrency")
    {
        Description = "Sessions open at once, each submitting many messages.",
        DefaultValueFactory = _ => 50,
    };

    public static readonly Option<int> Size = new("--size")
    {
        Description = "Message size in octets, headers included: 5120, 5k, 50k.",
        DefaultValueFactory = _ => 5 * 1024,
        CustomParser = r => Quantities.ParseSize(r.Tokens.Single().Value),
    };

    public static readonly Option<TimeSpan> Timeout = new("--timeout")
    {
        Description = "Upper bound on the whole run (120s, 2m).",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(120),
        CustomParser = r => Quantities.ParseDuration(r.Tokens.Single().Value),
    };

    public static readonly Option<string> RecipientDomain = new("--recipient-domain")
    {
        Description = "Domain of the generated recipients.",
        DefaultValueFactory = _ => "sink.test",
    };

    public static readonly Option<string> Client = new("--client")
    {
        Description = "raw (pipelined, on SslStream) or mailkit (MailKit's SmtpClient).",
        DefaultValueFactory = _ => "raw",
    };

    public static readonly Option<string> Helo = new("--helo")
    {
        Description = "Name sent with EHLO.",
        DefaultValueFactory = _ => "loadgen.bench.test",
    };

    public static readonly Option<int> IdleSessions = new("--idle-sessions")
    {
        Description = "Instead of sending: open this many authenticated sessions and hold them.",
    };

    public static readonly Option<TimeSpan> Hold = new("--hold")
    {
        Description = "How long idle sessions are held (until SIGTERM if sooner).",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(30),
        CustomParser = r => Quantities.ParseDuration(r.Tokens.Single().Value),
    };

    public static readonly Option<FileInfo?> ReadyFile = new("--ready-file")
    {
        Description = "Written with the count of open sessions once every idle session is open.",
    };

    public static readonly Option<FileInfo?> JsonFile = new("--json-file")
    {
        Description = "Also write the JSON summary to this file.",
    };

    public static readonly Option<FileInfo?> SinkCountFile = new("--sink-count-file")
    {
        Description = "Output of `smtp-sink -c`: also wait until the sink has every accepted message and " +
            "report the end-to-end rate.",
    };

    public static readonly Option<TimeSpan> DrainTimeout = new("--drain-timeout")
    {
        Description = "How long to wait for the sink after the last submission.",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(120),
        CustomParser = r => Quantities.ParseDuration(r.Tokens.Single().Value),
    };

    public static IEnumerable<Option> All =>
    [
        Host, Port, Tls, User, Password, CredentialsFile, NoAuth, Messages, Concurrency, Size, Timeout,
        RecipientDomain, Client, Helo, IdleSessions, Hold, ReadyFile, JsonFile, SinkCountFile, DrainTimeout,
    ];
}
