using System.Diagnostics.CodeAnalysis;
using ColdMail.Storage.Entities;

namespace ColdMail.Domains;

/// <summary>
/// Whether a domain's DNS authentication lets it send now: verified, or failing for less than the grace period.
/// Pauses and send limits are separate checks of the policy.
/// </summary>
public static class DomainSendability
{
    /// <param name="domain">The domain as stored.</param>
    /// <param name="now">The time of the attempt.</param>
    /// <param name="failingGrace">How long a failing domain may go on sending (Domains:FailingGraceHours).</param>
    /// <param name="reason">When it may not send, one sentence a person can act on.</param>
    public static bool CanSend(
        Domain domain,
        DateTimeOffset now,
        TimeSpan failingGrace,
        [NotNullWhen(false)] out string? reason)
    {
        reason = domain.VerificationState switch
        {
            DomainVerificationState.Verified => null,
            DomainVerificationState.Failing when domain.FailingSince is { } since && now - since < failingGrace => null,
            DomainVerificationState.Failing => $"The DNS records of {domain.Name} have been failing since " +
                $"{domain.FailingSince:yyyy-MM-dd HH:mm} UTC and the {failingGrace.TotalHours:0}-hour grace period " +
                "is over; fix the records and verify the domain again to send.",
            _ => $"The domain {domain.Name} is not verified yet; publish its DNS records and verify it to send.",
        };
        return reason is null;
    }
}
