using ColdMail.Storage.Entities;

namespace ColdMail.Domains;

/// <summary>The outcome of one verification: the domain as it now stands and every record's check.</summary>
public sealed record DomainVerification(Domain Domain, IReadOnlyList<RecordCheck> Checks)
{
    public bool IsVerified => Domain.VerificationState == DomainVerificationState.Verified;

    /// <summary>The checks that keep the domain from being verified.</summary>
    public IEnumerable<RecordCheck> Failures => Checks.Where(c => DomainVerifier.IsRequired(c.Kind) && !c.IsOk);
}
