namespace ColdMail.Configuration;

public sealed class DeliveryOptions
{
    /// <summary>The port of recipients' MX hosts: 25 (RFC 5321 §4.5.4); another value only in test labs.</summary>
    public int RemotePort { get; set; } = 25;

    /// <summary>
    /// Deliveries in flight at once across all destinations. Deliveries mostly wait on remote servers,
    /// so this may exceed the core count several times over.
    /// </summary>
    public int Workers { get; set; } = 16;

    /// <summary>
    /// Seconds between queue polls. A commit wakes a worker at once; polling only catches retries that
    /// fall due and work committed by other nodes.
    /// </summary>
    public int PollIntervalSeconds { get; set; } = 5;

    /// <summary>Recipients one worker leases per query; small, so work spreads over the workers.</summary>
    public int BatchSize { get; set; } = 10;

    /// <summary>
    /// Seconds a lease holds recipients for one worker. It is renewed before each delivery, so it only
    /// needs to cover one delivery: connect, commands and data at their timeouts (below) fit well inside.
    /// </summary>
    public int LeaseSeconds { get; set; } = 1200;

    /// <summary>
    /// Waits after the 1st, 2nd … temporary failure (TimeSpan values such as <c>00:05:00</c>); the last one
    /// repeats. Empty means <see cref="DefaultRetrySchedule"/>. A configured list replaces the default.
    /// </summary>
    public List<TimeSpan> RetrySchedule { get; set; } = [];

    /// <summary>
    /// Hours a message is retried before it expires. RFC 5321 §4.5.4.1 asks for at least 4–5 days for
    /// ordinary mail; cold outreach that arrives two days late has lost its point, hence 48.
    /// </summary>
    public int MaxAgeHours { get; set; } = 48;

    /// <summary>Highest <see cref="MaxAgeHours"/> accepted: the 5 days of RFC 5321 §4.5.4.1.</summary>
    public const int MaxAgeHoursLimit = 120;

    /// <summary>Simultaneous connections to a destination no pattern of <see cref="Concurrency"/> matches.</summary>
    public int DefaultConcurrency { get; set; } = 10;

    /// <summary>
    /// Simultaneous connections per destination: a recipient domain (<c>gmail.com</c>) or every subdomain
    /// of one (<c>*.example.com</c>). Large mailbox providers slow down or refuse senders that open many
    /// parallel sessions, so their defaults are low; configured entries add to or replace these.
    /// </summary>
    public Dictionary<string, int> Concurrency { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gmail.com"] = 4,
        ["googlemail.com"] = 4,
        ["outlook.com"] = 4,
        ["hotmail.com"] = 4,
        ["yahoo.com"] = 2,
    };

    /// <summary>Seconds to open a TCP connection to one address before trying the next.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Seconds to wait for each reply: the greeting, EHLO, STARTTLS, MAIL, RCPT and DATA.
    /// RFC 5321 §4.5.3.2.1–§4.5.3.2.5 ask clients to wait 2 to 5 minutes; 5 covers them all.
    /// </summary>
    public int CommandTimeoutSeconds { get; set; } = 300;

    /// <summary>
    /// Seconds one whole transaction may take, from MAIL to the reply after the data.
    /// RFC 5321 §4.5.3.2.6 gives the final reply alone 10 minutes.
    /// </summary>
    public int DataTimeoutSeconds { get; set; } = 600;

    /// <summary>
    /// Seconds an idle connection is kept for the next message to the same host. Well below the
    /// 5 minutes a server waits for a command (RFC 5321 §4.5.3.2.7), so we close first and politely.
    /// </summary>
    public int IdleConnectionSeconds { get; set; } = 30;

    /// <summary>Seconds one connection is reused at most, so a long session never pins a server slot.</summary>
    public int ConnectionLifetimeSeconds { get; set; } = 300;

    /// <summary>
    /// The secret the return-path tokens are signed with (base64, at least 32 bytes once decoded).
    /// Empty means a random secret kept in <c>return-path.key</c> in the data directory.
    /// Every node of a cluster must share one, so set it there.
    /// </summary>
    public string? VerpSecret { get; set; }

    /// <summary>
    /// The host of the envelope sender (MAIL FROM), where bounces go; <c>{domain}</c> stands for the
    /// sender's domain. A subdomain keeps bounce traffic apart from the people's mail at the domain.
    /// </summary>
    public string ReturnPathHost { get; set; } = "bounces.{domain}";

    /// <summary>
    /// The port where other servers deliver reports to our return paths: 25 in production, as it is the
    /// MX of the return-path host (RFC 5321 §4.5.4); the default needs no root. 0 turns the listener off.
    /// </summary>
    public int BounceListenerPort { get; set; } = 2525;

    /// <summary>The address the return-path listener binds to; empty means <c>Smtp:ListenAddress</c>.</summary>
    public string? BounceListenerAddress { get; set; }

    /// <summary>Seconds in-flight deliveries may finish at shutdown before they are stopped and released.</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 20;

    /// <summary>A relay that takes all mail instead of recipients' MX hosts; off unless a host is set.</summary>
    public SmarthostOptions Smarthost { get; set; } = new();

    /// <summary>
    /// 1 minute, then growing to 4 hours: a brief outage costs little delay, a long one little load.
    /// </summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetrySchedule =
    [
        TimeSpan.FromMinutes(1),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(15),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(4),
    ];

    public IReadOnlyList<TimeSpan> EffectiveRetrySchedule
        => RetrySchedule.Count == 0 ? DefaultRetrySchedule : RetrySchedule;
}
