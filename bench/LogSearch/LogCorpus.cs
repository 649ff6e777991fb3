using ColdMail.Logs;

namespace ColdMail.Bench.LogSearch;

/// <summary>
/// Generates a realistic email log, deterministically from the shape's seed: messages from the
/// workspaces' mailboxes to a large prospect list, each received and queued and then delivered, deferred,
/// bounced (and suppressed), expired or unsubscribed, plus refused transactions, failed logins and domain
/// events. Entries are returned in the order they would have been written, that is by time.
/// </summary>
internal sealed class LogCorpus
{
    private static readonly string[] FirstNames =
    [
        "sam", "alex", "jordan", "taylor", "morgan", "casey", "riley", "jamie", "avery", "quinn",
        "harper", "rowan", "emery", "blake", "drew", "reese", "parker", "sage", "kai", "robin",
    ];

    private static readonly string[] LastNames =
    [
        "carter", "nguyen", "schmidt", "rossi", "kowalski", "silva", "okafor", "tanaka", "murphy", "larsen",
        "dubois", "haddad", "novak", "fischer", "garcia", "lindqvist", "moreau", "petrov", "kim", "walsh",
    ];

    private readonly CorpusShape _shape;
    private readonly Random _random;
    private readonly long _startTicks;
    private readonly long _endTicks;
    private readonly string[] _recipients;
    private readonly string[] _hosts;
    private readonly string[] _remoteAddresses;
    private readonly int[][] _domainsByWorkspace;
    private int _sequence;

    public LogCorpus(CorpusShape shape, DateTimeOffset end)
    {
        _shape = shape;
        _random = new Random(shape.Seed);
        End = end;
        _endTicks = end.UtcTicks;
        _startTicks = _endTicks - TimeSpan.FromDays(shape.Days).Ticks;
        Domains = CreateDomains();
        _domainsByWorkspace = Enumerable.Range(0, CorpusShape.WorkspaceShares.Count)
            .Select(w => Enumerable.Range(0, Domains.Count).Where(d => Domains[d].Workspace == w).ToArray())
            .ToArray();
        (_recipients, _hosts) = CreateRecipients();
        _remoteAddresses = Enumerable.Range(1, 40).Select(i => $"198.51.100.{i}").ToArray();
    }

    public DateTimeOffset End { get; }

    public IReadOnlyList<CorpusDomain> Domains { get; }

    /// <summary>Exactly <see cref="CorpusShape.Entries"/> entries, oldest first.</summary>
    public LogRow[] Generate()
    {
        var rows = new List<LogRow>(_shape.Entries + (_shape.Entries / 10));
        // Nothing is sent before a domain is verified: each domain's log starts so.
        for (var d = 0; d < Domains.Count; d++)
        {
            rows.Add(Row(Domains[d].Workspace, _startTicks + d, EmailEvents.DomainVerified, null, d, null, null,
                null, null, "SPF, DKIM and DMARC verified.", null, null, null));
        }
        while (rows.Count < _shape.Entries + (_shape.Entries / 100))
        {
            var dice = _random.NextDouble();
            if (dice < 0.965)
            {
                AddMessage(rows);
            }
            else if (dice < 0.993)
            {
                AddRefusal(rows);
            }
            else if (dice < 0.999)
            {
                AddFailedLogin(rows);
            }
            else
            {
                AddDomainEvent(rows);
            }
        }
        // Outcomes land after their message; what falls past the end has not happened yet.
        rows.RemoveAll(r => r.AtTicks >= _endTicks);
        rows.Sort(static (a, b) => a.AtTicks != b.AtTicks
            ? a.AtTicks.CompareTo(b.AtTicks)
            : a.Sequence.CompareTo(b.Sequence));
        return rows.Take(_shape.Entries).ToArray();
    }

    private void AddMessage(List<LogRow> rows)
    {
        var (domain, mailbox, at) = PickSender();
        var workspace = Domains[domain].Workspace;
        var id = NewGuid();
        var remote = _remoteAddresses[domain % _remoteAddresses.Length];
        rows.Add(Row(workspace, at, EmailEvents.Received, id, domain, mailbox, null, 250, "2.0.0",
            $"Ok: queued as {id:N}", remote, null, true));
        var count = _random.NextDouble() < 0.95 ? 1 : _random.Next(2, 4);
        for (var i = 0; i < count; i++)
        {
            var index = _random.Next(_recipients.Length);
            var recipient = _recipients[index];
            var host = _hosts[index];
            var recipientDomain = recipient[(recipient.IndexOf('@') + 1)..];
            rows.Add(Row(workspace, at + 1, EmailEvents.Queued, id, domain, mailbox, recipient, null, null,
                $"Scheduled for delivery to {recipientDomain}", null, null, null));
            AddOutcome(rows, workspace, at + 2, id, domain, mailbox, recipient, host);
        }
    }

    private void AddOutcome(
        List<LogRow> rows,
        int workspace,
        long queuedAt,
        Guid id,
        int domain,
        string mailbox,
        string recipient,
        string host)
    {
        var at = queuedAt + Seconds(1, 20);
        var dice = _random.NextDouble();
        if (dice < 0.07 || (dice >= 0.985 && dice < 0.988))
        {
            // Deferred once or more, on the retry schedule; then delivered, bounced or expired.
            var retries = dice >= 0.985 ? 6 : _random.Next(1, 4);
            long[] waits = [60, 300, 900, 1800, 3600, 7200, 14400];
            for (var i = 0; i < retries; i++)
            {
                var (code, enhanced, text) = _random.Next(3) switch
                {
                    0 => (451, "4.7.1", "Try again later, rate limited"),
                    1 => (421, "4.4.2", "Connection dropped, too many connections from your IP"),
                    _ => (450, "4.2.0", "Mailbox temporarily unavailable (greylisted)"),
                };
                rows.Add(Row(workspace, at, EmailEvents.Deferred, id, domain, mailbox, recipient, code,
                    enhanced, $"{text} Next attempt in {waits[i]}s.", null, host, true));
                at += waits[Math.Min(i, waits.Length - 1)] * TimeSpan.TicksPerSecond;
            }
            if (dice >= 0.985)
            {
                at = queuedAt + TimeSpan.FromHours(48).Ticks;
                rows.Add(Row(workspace, at, EmailEvents.Expired, id, domain, mailbox, recipient, 451, "4.7.1",
                    "Not delivered within the maximum age. Last attempt: Try again later", null, host, true));
                return;
            }
            dice = _random.NextDouble() < 0.8 ? 0 : 0.95;
        }
        if (dice < 0.93 || dice >= 0.988)
        {
            rows.Add(Row(workspace, at, EmailEvents.Delivered, id, domain, mailbox, recipient, 250, "2.0.0",
                $"2.0.0 OK {at % 1_000_000_007:x} - gsmtp", null, host, true));
            if (dice >= 0.988)
            {
                rows.Add(Row(workspace, at + Seconds(600, 72 * 3600), EmailEvents.Unsubscribed, id, domain,
                    mailbox, recipient, null, null, "The recipient unsubscribed with the one-click link.",
                    null, null, null));
            }
            return;
        }
        if (dice < 0.975)
        {
            rows.Add(Row(workspace, at, EmailEvents.Bounced, id, domain, mailbox, recipient, 550, "5.1.1",
                "The email account that you tried to reach does not exist.", null, host, true));
            rows.Add(Row(workspace, at, EmailEvents.Suppressed, id, domain, mailbox, recipient, 550, "5.1.1",
                "Added to the suppression list: the address does not exist.", null, null, null));
            return;
        }
        rows.Add(Row(workspace, at, EmailEvents.Bounced, id, domain, mailbox, recipient, 554, "5.7.1",
            "Message rejected due to local policy (sender reputation).", null, host, true));
    }

    private void AddRefusal(List<LogRow> rows)
    {
        var (domain, mailbox, at) = PickSender();
        var recipient = _recipients[_random.Next(_recipients.Length)];
        var (code, enhanced, text) = _random.Next(4) switch
        {
            0 => (451, "4.7.1", $"Daily limit of 50 message(s) for {mailbox} reached; resets at 00:00 UTC"),
            1 => (550, "5.7.1", $"<{recipient}> is on the workspace's suppression list"),
            2 => (553, "5.7.1", $"MAIL FROM must be <{mailbox}>, the mailbox this session logged in as"),
            _ => (550, "5.7.1", $"Header From must be <{mailbox}> (any display name)"),
        };
        rows.Add(Row(Domains[domain].Workspace, at, EmailEvents.Rejected, null, domain, mailbox,
            code == 553 ? null : recipient, code, enhanced, text,
            _remoteAddresses[_random.Next(_remoteAddresses.Length)], null, true));
    }

    private void AddFailedLogin(List<LogRow> rows)
    {
        var (domain, mailbox, at) = PickSender();
        // Logins fail before any domain is known: the entry has only the name typed.
        rows.Add(Row(Domains[domain].Workspace, at, EmailEvents.AuthFailed, null, -1,
            _random.Next(4) == 0 ? mailbox.ToUpperInvariant() : mailbox, null, 535, "5.7.8",
            "Authentication credentials invalid", _remoteAddresses[_random.Next(_remoteAddresses.Length)], null,
            true));
    }

    private void AddDomainEvent(List<LogRow> rows)
    {
        var (domain, _, at) = PickSender();
        var (name, text) = _random.Next(5) switch
        {
            0 => (EmailEvents.DomainVerified, "SPF, DKIM and DMARC verified."),
            1 => (EmailEvents.DomainFailing, "The DKIM record no longer matches the key."),
            2 => (EmailEvents.DomainPaused, "Paused by admin@team.example: bounce rate above 5%."),
            3 => (EmailEvents.DomainResumed, "Resumed by admin@team.example."),
            _ => (EmailEvents.LimitChanged, "Daily limit 400 (was 300), by admin@team.example."),
        };
        rows.Add(Row(Domains[domain].Workspace, at, name, null, domain, null, null, null, null, text, null, null,
            null));
    }

    /// <summary>A domain, one of its mailboxes and a moment it sent at; dormant domains only early on.</summary>
    private (int Domain, string Mailbox, long At) PickSender()
    {
        var workspace = PickWorkspace();
        var candidates = _domainsByWorkspace[workspace];
        var at = _startTicks + _random.NextInt64(_endTicks - _startTicks);
        var domain = candidates[_random.Next(candidates.Length)];
        var dormantFrom = _startTicks + TimeSpan.FromDays(CorpusShape.DormantAfterDays).Ticks;
        while (Domains[domain].Dormant && at >= dormantFrom)
        {
            domain = candidates[_random.Next(candidates.Length)];
        }
        var mailboxes = Domains[domain].Mailboxes;
        return (domain, mailboxes[_random.Next(mailboxes.Count)], at);
    }

    private int PickWorkspace()
    {
        var dice = _random.NextDouble();
        var shares = CorpusShape.WorkspaceShares;
        for (var w = 0; w < shares.Count - 1; w++)
        {
            if ((dice -= shares[w]) < 0)
            {
                return w;
            }
        }
        return shares.Count - 1;
    }

    private List<CorpusDomain> CreateDomains()
    {
        var domains = new List<CorpusDomain>();
        var shares = CorpusShape.WorkspaceShares;
        for (var w = 0; w < shares.Count; w++)
        {
            // Each workspace owns domains in proportion to its traffic, at least one active and one dormant.
            var count = Math.Max(2, (int)Math.Round(shares[w] * _shape.Domains));
            if (w == shares.Count - 1)
            {
                count = Math.Max(2, _shape.Domains - domains.Count);
            }
            for (var i = 0; i < count; i++)
            {
                var name = $"{LastNames[domains.Count % LastNames.Length]}-outreach{domains.Count}.example";
                var mailboxes = Enumerable.Range(0, _shape.MailboxesPerDomain)
                    .Select(m => $"{FirstNames[m % FirstNames.Length]}{m / FirstNames.Length}@{name}")
                    .ToArray();
                domains.Add(new CorpusDomain(w, name, i % CorpusShape.DormantEvery == 1, mailboxes));
            }
        }
        return domains;
    }

    private (string[] Recipients, string[] Hosts) CreateRecipients()
    {
        var recipients = new string[_shape.Recipients];
        var hosts = new string[_shape.Recipients];
        for (var i = 0; i < recipients.Length; i++)
        {
            var dice = _random.NextDouble();
            var company = $"company{_random.Next(3000)}.example";
            var (domain, host) = dice switch
            {
                < 0.30 => ("gmail.com", "gmail-smtp-in.l.google.com"),
                < 0.45 => ("outlook.com", "outlook-com.olc.protection.outlook.com"),
                < 0.50 => ("yahoo.com", "mta5.am0.yahoodns.net"),
                _ => (company, "mx1." + company),
            };
            var first = FirstNames[_random.Next(FirstNames.Length)];
            var last = LastNames[_random.Next(LastNames.Length)];
            recipients[i] = $"{first}.{last}{i}@{domain}";
            hosts[i] = host;
        }
        return (recipients, hosts);
    }

    private LogRow Row(
        int workspace,
        long at,
        string name,
        Guid? messageId,
        int domain,
        string? mailbox,
        string? recipient,
        int? code,
        string? enhancedCode,
        string? detail,
        string? remoteAddress,
        string? host,
        bool? tls)
        => new(_sequence++, workspace, at, name, messageId, domain, mailbox, recipient, code, enhancedCode,
            detail, remoteAddress, host, tls);

    private long Seconds(int least, int most) => _random.Next(least, most + 1) * TimeSpan.TicksPerSecond;

    private Guid NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
