using System.Globalization;
using ColdMail.Configuration;
using ColdMail.Delivery;
using ColdMail.Queue;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.Queue;

public sealed class RecipientLeaserTests
{
    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Workers_leasing_at_the_same_moment_never_share_a_recipient(DatabaseProvider provider)
    {
        await using var harness = await DeliveryHarness.CreateAsync(provider);
        for (var i = 0; i < 30; i++)
        {
            await harness.EnqueueAsync($"person{i}@example.test");
        }
        var leaser = harness.Get<RecipientLeaser>();

        var batches = await Task.WhenAll(Enumerable.Range(0, 4).Select(w =>
            Task.Run(() => leaser.LeaseAsync($"worker-{w}", 10, CancellationToken.None))));

        var ids = batches.SelectMany(b => b.Select(r => r.Id)).ToList();
        Assert.Equal(30, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(batches.SelectMany(b => b), r => Assert.Equal(RecipientState.Delivering, r.State));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task The_longest_due_recipients_are_leased_first_whatever_their_state(DatabaseProvider provider)
    {
        await using var harness = await DeliveryHarness.CreateAsync(provider);
        var start = harness.Time.GetUtcNow();
        var message = await harness.EnqueueAsync([.. Enumerable.Range(0, 12).Select(i => $"p{i}@example.test")]);
        // Due 1 to 12 minutes ago, the states taking turns: Scheduled, Deferred, an expired lease.
        await using (var db = harness.Instance.Database.CreateContext())
        {
            foreach (var row in await db.MessageRecipients.Where(r => r.MessageId == message).ToListAsync())
            {
                var i = int.Parse(row.Address[1..row.Address.IndexOf('@')], CultureInfo.InvariantCulture);
                row.NextAttemptAt = start - TimeSpan.FromMinutes(12 - i);
                (row.State, row.Attempts, row.LeaseOwner, row.LeaseExpiresAt) = (i % 3) switch
                {
                    0 => (RecipientState.Scheduled, 0, (string?)null, (DateTimeOffset?)null),
                    1 => (RecipientState.Deferred, 1, null, null),
                    _ => (RecipientState.Delivering, 1, "gone-worker", start - TimeSpan.FromSeconds(1)),
                };
            }
            await db.SaveChangesAsync();
        }
        var leaser = harness.Get<RecipientLeaser>();

        var first = await leaser.LeaseAsync("worker-a", 5, CancellationToken.None);
        var second = await leaser.LeaseAsync("worker-a", 5, CancellationToken.None);

        Assert.Equal(["p0", "p1", "p2", "p3", "p4"], first.Select(r => r.Address.Split('@')[0]));
        Assert.Equal(["p5", "p6", "p7", "p8", "p9"], second.Select(r => r.Address.Split('@')[0]));
        Assert.All(first.Concat(second), r => Assert.Equal("worker-a", r.LeaseOwner));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_lease_is_held_until_it_expires_and_only_then_taken_by_another_worker(DatabaseProvider provider)
    {
        await using var harness = await DeliveryHarness.CreateAsync(provider);
        await harness.EnqueueAsync("a@example.test");
        var leaser = harness.Get<RecipientLeaser>();

        var first = Assert.Single(await leaser.LeaseAsync("worker-a", 10, CancellationToken.None));
        harness.Time.Advance(TimeSpan.FromSeconds(1200));
        var whileHeld = await leaser.LeaseAsync("worker-b", 10, CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromTicks(10));
        var afterExpiry = await leaser.LeaseAsync("worker-b", 10, CancellationToken.None);

        Assert.Equal("worker-a", first.LeaseOwner);
        Assert.Empty(whileHeld);
        Assert.Equal(("worker-b", first.Id), (Assert.Single(afterExpiry).LeaseOwner, afterExpiry[0].Id));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Work_not_yet_due_is_not_leased(DatabaseProvider provider)
    {
        await using var harness = await DeliveryHarness.CreateAsync(provider);
        var id = await harness.EnqueueAsync("a@example.test");
        var leaser = harness.Get<RecipientLeaser>();
        var leased = Assert.Single(await leaser.LeaseAsync("worker-a", 10, CancellationToken.None));
        var due = harness.Time.GetUtcNow() + TimeSpan.FromMinutes(5);
        await leaser.ReleaseAsync("worker-a", [leased.Id], due, CancellationToken.None);

        var early = await leaser.LeaseAsync("worker-a", 10, CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        var onTime = await leaser.LeaseAsync("worker-a", 10, CancellationToken.None);

        Assert.Empty(early);
        Assert.Equal(id, Assert.Single(onTime).MessageId);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Released_recipients_return_to_their_state_before_the_lease(DatabaseProvider provider)
    {
        await using var harness = await DeliveryHarness.CreateAsync(provider);
        var id = await harness.EnqueueAsync("a@example.test");
        var leaser = harness.Get<RecipientLeaser>();
        var leased = Assert.Single(await leaser.LeaseAsync("worker-a", 10, CancellationToken.None));

        var byOther = await leaser.ReleaseAsync("worker-b", [leased.Id], null, CancellationToken.None);
        var byOwner = await leaser.ReleaseAsync("worker-a", [leased.Id], null, CancellationToken.None);

        Assert.Equal((0, 1), (byOther, byOwner));
        var recipient = Assert.Single(await harness.RecipientsAsync(id));
        Assert.Equal((RecipientState.Scheduled, null, null, 0),
            (recipient.State, recipient.LeaseOwner, recipient.LeaseExpiresAt, recipient.Attempts));
        Assert.Equal(harness.Time.GetUtcNow(), recipient.NextAttemptAt);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_crashed_workers_recipient_is_delivered_exactly_once_after_its_lease_runs_out(
        DatabaseProvider provider)
    {
        await using var mx = TestSmtpServer.Start();
        await using var harness = await DeliveryHarness.CreateAsync(provider, mx.Port);
        harness.RouteTo("example.test", mx);
        var id = await harness.EnqueueAsync("a@example.test");
        // The worker leases and dies before it delivers: nothing but its lease is left behind.
        var orphan = Assert.Single(await harness.Get<RecipientLeaser>()
            .LeaseAsync("crashed-worker", 10, CancellationToken.None));

        var beforeExpiry = await harness.RunOnceAsync("worker-b");
        harness.Time.Advance(TimeSpan.FromSeconds(1201));
        var afterExpiry = await harness.RunOnceAsync("worker-b");
        var again = await harness.RunOnceAsync("worker-c");

        Assert.Equal((0, 1, 0), (beforeExpiry, afterExpiry, again));
        Assert.Single(mx.Messages);
        var recipient = Assert.Single(await harness.RecipientsAsync(id));
        Assert.Equal((RecipientState.Delivered, 1), (recipient.State, recipient.Attempts));

        // Were the crashed worker to come back with an outcome, its lease no longer counts.
        var stale = new RecipientOutcome(orphan, new Deferred(
            new AttemptResult(DeliveryStage.Connect, null, null, "late"), harness.Time.GetUtcNow()));
        var message = new MessageInfo(id, harness.WorkspaceId, harness.DomainId, "sender.test",
            DeliveryHarness.Sender, harness.Time.GetUtcNow());
        var written = await harness.Get<OutcomeRecorder>()
            .RecordAsync("crashed-worker", message, [stale], CancellationToken.None);
        Assert.Equal(0, written);
        Assert.Equal(RecipientState.Delivered, Assert.Single(await harness.RecipientsAsync(id)).State);
        Assert.Single(await harness.LogAsync(id));
    }
}
