namespace ColdMail.Storage.Entities;

/// <summary>The latest result of checking one of a domain's records in DNS.</summary>
public sealed class DnsRecordCheck
{
    public Guid DomainId { get; set; }

    /// <summary>spf, dkim, dmarc or return-path.</summary>
    public required string Kind { get; set; }

    /// <summary>ok, missing, wrong or dns-error.</summary>
    public required string Status { get; set; }

    /// <summary>What was found in DNS, or the error, for a person to compare with the expected value.</summary>
    public string? Found { get; set; }

    public DateTimeOffset CheckedAt { get; set; }
}
