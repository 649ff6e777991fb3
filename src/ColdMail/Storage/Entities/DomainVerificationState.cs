namespace ColdMail.Storage.Entities;

/// <summary>Where a domain stands with its DNS authentication records.</summary>
public enum DomainVerificationState
{
    /// <summary>Added, never passed verification: nothing can be sent.</summary>
    Pending = 0,

    /// <summary>SPF and DKIM pass and DMARC exists.</summary>
    Verified = 1,

    /// <summary>Was verified, a later check failed; sending continues only within the grace period.</summary>
    Failing = 2,
}
