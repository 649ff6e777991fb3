using ColdMail.Configuration;
using ColdMail.Delivery;
using Microsoft.Extensions.Options;

namespace ColdMail.Tests.Delivery;

public sealed class RetryPolicyTests
{
    private static readonly DateTimeOffset Accepted = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly AttemptResult Temporary = new(DeliveryStage.RcptTo, 451, "4.3.0", "later");

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 5)]
    [InlineData(3, 15)]
    [InlineData(7, 240)]
    [InlineData(12, 240)]
    public void Each_temporary_failure_waits_the_next_step_of_the_default_schedule(int attempt, int minutes)
    {
        var now = Accepted + TimeSpan.FromHours(1);

        var outcome = Policy().Decide(Temporary, attempt, Accepted, now);

        Assert.Equal(now + TimeSpan.FromMinutes(minutes), Assert.IsType<Deferred>(outcome).NextAttemptAt);
    }

    [Fact]
    public void The_last_retry_falls_on_the_deadline_and_a_failure_there_expires()
    {
        var policy = Policy();
        var deadline = Accepted + TimeSpan.FromHours(48);

        var nearEnd = policy.Decide(Temporary, 20, Accepted, deadline - TimeSpan.FromMinutes(30));
        var atEnd = policy.Decide(Temporary, 21, Accepted, deadline);

        Assert.Equal(deadline, Assert.IsType<Deferred>(nearEnd).NextAttemptAt);
        Assert.Equal(Temporary, Assert.IsType<Expired>(atEnd).Result);
    }

    [Fact]
    public void A_configured_schedule_replaces_the_default()
    {
        var options = new ColdMailOptions { Delivery = { RetrySchedule = [TimeSpan.FromSeconds(30)] } };

        var outcome = new RetryPolicy(Options.Create(options)).Decide(Temporary, 3, Accepted, Accepted);

        Assert.Equal(Accepted + TimeSpan.FromSeconds(30), Assert.IsType<Deferred>(outcome).NextAttemptAt);
    }

    [Fact]
    public void Permanent_failures_bounce_and_only_the_reply_after_the_data_delivers()
    {
        DeliveryOutcome Decide(DeliveryStage stage, int code, string enhanced)
            => Policy().Decide(new AttemptResult(stage, code, enhanced, "x"), 1, Accepted, Accepted);

        var bounced = Decide(DeliveryStage.RcptTo, 550, "5.1.1");
        var accepted = Decide(DeliveryStage.Data, 250, "2.0.0");
        var rcptOnly = Decide(DeliveryStage.RcptTo, 250, "2.1.5");
        var auth = Decide(DeliveryStage.Authenticate, 535, "5.7.8");

        Assert.Equal(BounceClass.Recipient, Assert.IsType<Bounced>(bounced).Class);
        Assert.IsType<Delivered>(accepted);
        Assert.IsType<Deferred>(rcptOnly);
        Assert.IsType<Deferred>(auth);
    }

    private static RetryPolicy Policy() => new(Options.Create(new ColdMailOptions()));
}
