using ColdMail.Domains;
using ColdMail.Storage.Entities;

namespace ColdMail.Tests.Domains;

public sealed class DomainSendabilityTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromHours(72);

    [Fact]
    public void A_pending_domain_may_not_send_and_is_told_to_verify()
    {
        var domain = new Domain { Name = "example.com", VerificationState = DomainVerificationState.Pending };

        Assert.False(DomainSendability.CanSend(domain, Now, Grace, out var reason));
        Assert.Equal("The domain example.com is not verified yet; publish its DNS records and verify it to send.",
            reason);
    }

    [Fact]
    public void A_verified_domain_may_send()
    {
        var domain = new Domain { Name = "example.com", VerificationState = DomainVerificationState.Verified };

        Assert.True(DomainSendability.CanSend(domain, Now, Grace, out var reason));
        Assert.Null(reason);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(71, true)]
    [InlineData(72, false)]
    [InlineData(500, false)]
    public void A_failing_domain_may_send_only_within_the_grace(int hoursFailing, bool expected)
    {
        var domain = new Domain
        {
            Name = "example.com",
            VerificationState = DomainVerificationState.Failing,
            FailingSince = Now - TimeSpan.FromHours(hoursFailing),
        };

        Assert.Equal(expected, DomainSendability.CanSend(domain, Now, Grace, out _));
    }
}
