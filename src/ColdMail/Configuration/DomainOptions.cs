namespace ColdMail.Configuration;

/// <summary>
/// How sending domains are authenticated and watched: what their DNS records say and how often they are checked.
/// </summary>
public sealed class DomainOptions
{
    /// <summary>
    /// The IPv4 and IPv6 addresses this installation sends from, published as <c>ip4:</c>/<c>ip6:</c> in SPF.
    /// Empty (the default) authorises the addresses of <c>Smtp:Hostname</c> with an <c>a:</c> mechanism.
    /// </summary>
    public List<string> SendingAddresses { get; set; } = [];

    /// <summary>
    /// Host names whose SPF records are included (<c>include:</c>), for example a relay's SPF domain.
    /// Each costs at least one of the ten DNS lookups SPF allows (RFC 7208 section 4.6.4).
    /// </summary>
    public List<string> SpfIncludes { get; set; } = [];

    /// <summary>The return-path label: <c>&lt;label&gt;.&lt;domain&gt;</c> is a CNAME to Smtp:Hostname.</summary>
    public string ReturnPathLabel { get; set; } = "bounces";

    /// <summary>Where DMARC aggregate reports go (<c>rua=mailto:</c>, RFC 7489 section 6.3); none by default.</summary>
    public string? DmarcReportAddress { get; set; }

    /// <summary>Minutes between re-checks of every domain's records while <c>serve</c> runs.</summary>
    public int RecheckIntervalMinutes { get; set; } = 60;

    /// <summary>
    /// Hours a verified domain whose records broke may go on sending, time to fix a mistake before mail stops.
    /// Three days covers a weekend.
    /// </summary>
    public int FailingGraceHours { get; set; } = 72;

    /// <summary>
    /// Days a retired DKIM key's record stays listed for publishing after rotation, so mail signed with it and
    /// still in flight or re-checked later verifies. A week outlasts the queue's retry window.
    /// </summary>
    public int DkimRotationGraceDays { get; set; } = 7;

    /// <summary>The daily cap each new domain gives its mailboxes: the usual safe figure for cold email.</summary>
    public int DefaultMailboxDailyLimit { get; set; } = 50;

    /// <summary>When a domain pauses itself for its bounce or block rate.</summary>
    public AutoPauseOptions AutoPause { get; set; } = new();

    public TimeSpan RecheckInterval => TimeSpan.FromMinutes(RecheckIntervalMinutes);

    public TimeSpan FailingGrace => TimeSpan.FromHours(FailingGraceHours);

    public TimeSpan DkimRotationGrace => TimeSpan.FromDays(DkimRotationGraceDays);
}
