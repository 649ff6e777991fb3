using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;

namespace ColdMail.Tests.Queue;

public sealed class DeliveryWorkerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_committed_message_wakes_a_worker_without_waiting_for_the_poll()
    {
        await using var mx = TestSmtpServer.Start();
        var settings = new Dictionary<string, string?>
        {
            // The fake clock never reaches a poll: only the signal can wake the workers.
            ["ColdMail:Delivery:PollIntervalSeconds"] = "3600",
            ["ColdMail:Delivery:Workers"] = "2",
        };
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port, settings: settings);
        harness.RouteTo("example.test", mx);
        await harness.Worker.StartAsync(CancellationToken.None);

        var id = await harness.EnqueueAsync("a@example.test");
        await mx.WaitForMessagesAsync(1, Patience);
        await harness.Worker.StopAsync(CancellationToken.None);

        Assert.Equal(RecipientState.Delivered, Assert.Single(await harness.RecipientsAsync(id)).State);
    }

    [Fact]
    public async Task Retries_fall_due_with_the_clock_and_are_picked_up_by_the_poll()
    {
        await using var mx = TestSmtpServer.Start();
        mx.ScriptRcpt("a@example.test", "451 4.3.0 Try later");
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
        harness.RouteTo("example.test", mx);
        await harness.Worker.StartAsync(CancellationToken.None);

        var id = await harness.EnqueueAsync("a@example.test");
        await WaitForAsync(async () => (await harness.RecipientsAsync(id))[0].State == RecipientState.Deferred);
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await mx.WaitForMessagesAsync(1, Patience);
        await harness.Worker.StopAsync(CancellationToken.None);

        Assert.Equal(2, Assert.Single(await harness.RecipientsAsync(id)).Attempts);
    }

    [Fact]
    public async Task Stopping_cuts_off_a_stuck_delivery_after_the_grace_period_and_gives_the_recipient_back()
    {
        await using var mx = TestSmtpServer.Start();
        mx.ScriptData(TestSmtpServer.Silence);
        // The reply timeout is longer than the shutdown grace, so that only the shutdown ends the attempt.
        var settings = new Dictionary<string, string?> { ["ColdMail:Delivery:CommandTimeoutSeconds"] = "300" };
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port, settings: settings);
        harness.RouteTo("example.test", mx);
        await harness.Worker.StartAsync(CancellationToken.None);
        var id = await harness.EnqueueAsync("a@example.test");
        await mx.Silenced.WaitAsync(Patience);

        var stopping = harness.Worker.StopAsync(CancellationToken.None);
        Assert.False(stopping.IsCompleted);
        harness.Time.Advance(TimeSpan.FromSeconds(20));
        await stopping.WaitAsync(Patience);

        var log = await harness.LogAsync(id);
        Assert.True(log.Count == 0, string.Join("; ", log.Select(e => $"{e.Event}: {e.Detail}")));
        var recipient = Assert.Single(await harness.RecipientsAsync(id));
        Assert.Equal((RecipientState.Scheduled, null, 0), (recipient.State, recipient.LeaseOwner, recipient.Attempts));
    }

    [Fact]
    public async Task Stopping_lets_a_delivery_in_flight_finish_within_the_grace_period()
    {
        await using var mx = TestSmtpServer.Start();
        mx.ScriptRcpt("a@example.test", TestSmtpServer.Silence);
        var settings = new Dictionary<string, string?> { ["ColdMail:Delivery:DataTimeoutSeconds"] = "5" };
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port, settings: settings);
        harness.RouteTo("example.test", mx);
        await harness.Worker.StartAsync(CancellationToken.None);
        var id = await harness.EnqueueAsync("a@example.test");
        await mx.Silenced.WaitAsync(Patience);

        var stopping = harness.Worker.StopAsync(CancellationToken.None);
        // The transaction's own timeout ends the attempt before the shutdown grace runs out.
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        await stopping.WaitAsync(Patience);

        var recipient = Assert.Single(await harness.RecipientsAsync(id));
        Assert.Equal((RecipientState.Deferred, 1), (recipient.State, recipient.Attempts));
        Assert.Equal("deferred", Assert.Single(await harness.LogAsync(id)).Event);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition was not met in time.");
            await Task.Delay(20);
        }
    }
}
