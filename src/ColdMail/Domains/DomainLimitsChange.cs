namespace ColdMail.Domains;

/// <summary>The caps to change on a domain; a null property leaves that cap as it is.</summary>
public sealed record DomainLimitsChange
{
    /// <summary>Recipients per clock hour for the whole domain; none removes the cap.</summary>
    public LimitValue? Hourly { get; init; }

    /// <summary>Recipients per UTC day for the whole domain; none removes the cap.</summary>
    public LimitValue? Daily { get; init; }

    /// <summary>The default daily cap of each mailbox; always a number of at least one.</summary>
    public int? MailboxDaily { get; init; }

    /// <summary>The first sending day's cap; none ends the warm-up (and clears the step).</summary>
    public LimitValue? WarmupStart { get; init; }

    /// <summary>How much the warm-up cap grows each day; zero keeps it flat.</summary>
    public int? WarmupStep { get; init; }

    /// <summary>The daily sending window as HH:MM-HH:MM (may cross midnight); none removes it.</summary>
    public string? SendingHours { get; init; }

    /// <summary>The IANA time zone the window is read in; none returns it to UTC.</summary>
    public string? TimeZone { get; init; }

    public bool IsEmpty =>
        Hourly is null && Daily is null && MailboxDaily is null && WarmupStart is null && WarmupStep is null
        && SendingHours is null && TimeZone is null;
}
