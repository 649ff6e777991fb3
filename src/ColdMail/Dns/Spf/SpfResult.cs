namespace ColdMail.Dns.Spf;

/// <summary>The results of check_host() (RFC 7208 section 2.6).</summary>
public enum SpfResult
{
    /// <summary>No SPF record, or no valid domain to check (section 2.6.1).</summary>
    None = 0,

    /// <summary>The record states nothing about the address (section 2.6.2).</summary>
    Neutral = 1,

    /// <summary>The address is authorised (section 2.6.3).</summary>
    Pass = 2,

    /// <summary>The address is explicitly not authorised (section 2.6.4).</summary>
    Fail = 3,

    /// <summary>The address is probably not authorised (section 2.6.5).</summary>
    SoftFail = 4,

    /// <summary>A transient DNS error; a later check may succeed (section 2.6.6).</summary>
    TempError = 5,

    /// <summary>The published records cannot be interpreted; only their owner can fix them (section 2.6.7).</summary>
    PermError = 6,
}
