using ColdMail.Configuration;
using ColdMail.Logs;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ColdMail.Tests.Logs;

public sealed class LogRetentionTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Entries_older_than_retention_are_purged_in_batches_and_newer_ones_kept(
        DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var workspace = await instance.WorkspaceAsync();
        var cutoff = Now.AddDays(-30);
        for (var i = 0; i < 7; i++)
        {
            await instance.AddLogAsync(Entry(workspace, cutoff.AddTicks(-1 - i)));
        }
        var atCutoff = await instance.AddLogAsync(Entry(workspace, cutoff));
        var recent = await instance.AddLogAsync(Entry(workspace, Now.AddDays(-1)));

        var result = await Retention(instance, batchSize: 3).PurgeAsync(CancellationToken.None);

        Assert.Equal(7, result.Entries);
        Assert.Equal([atCutoff.Id, recent.Id], await EntryIdsAsync(instance));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Every_workspace_is_purged(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await new Cli.CliRunner(instance).RunAsync("workspace", "add", "beta");
        var first = await instance.WorkspaceAsync();
        var second = await instance.WorkspaceAsync("beta");
        await instance.AddLogAsync(Entry(first, Now.AddDays(-40)));
        await instance.AddLogAsync(Entry(second, Now.AddDays(-40)));
        var kept = await instance.AddLogAsync(Entry(second, Now));

        var result = await Retention(instance, batchSize: 1000).PurgeAsync(CancellationToken.None);

        Assert.Equal(2, result.Entries);
        Assert.Equal([kept.Id], await EntryIdsAsync(instance));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_message_is_purged_only_when_every_recipient_is_final_and_past_retention(
        DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var workspace = await instance.WorkspaceAsync();
        var old = Now.AddDays(-45);
        var done = await AddMessageAsync(instance, workspace, old,
            (RecipientState.Delivered, Now.AddDays(-44)), (RecipientState.Bounced, Now.AddDays(-31)));
        var expired = await AddMessageAsync(instance, workspace, old, (RecipientState.Expired, Now.AddDays(-40)));
        var stillDeferred = await AddMessageAsync(instance, workspace, old,
            (RecipientState.Delivered, Now.AddDays(-44)), (RecipientState.Deferred, Now.AddDays(-40)));
        var finishedRecently = await AddMessageAsync(instance, workspace, old,
            (RecipientState.Delivered, Now.AddDays(-44)), (RecipientState.Bounced, Now.AddDays(-29)));
        var young = await AddMessageAsync(instance, workspace, Now.AddDays(-2),
            (RecipientState.Delivered, Now.AddDays(-2)));

        var result = await Retention(instance, batchSize: 1).PurgeAsync(CancellationToken.None);

        Assert.Equal(2, result.Messages);
        await using var db = instance.Database.CreateContext();
        var messages = await db.Messages.Select(m => m.Id).ToListAsync();
        Assert.Equal(new[] { stillDeferred, finishedRecently, young }.Order(), messages.Order());
        var bodies = await db.MessageBodies.Select(b => b.MessageId).ToListAsync();
        Assert.Equal(messages.Order(), bodies.Order());
        var recipients = await db.MessageRecipients.Select(r => r.MessageId).Distinct().ToListAsync();
        Assert.DoesNotContain(done, recipients);
        Assert.DoesNotContain(expired, recipients);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task After_a_purge_the_log_is_append_only_again(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var workspace = await instance.WorkspaceAsync();
        await instance.AddLogAsync(Entry(workspace, Now.AddDays(-90)));
        var kept = await instance.AddLogAsync(Entry(workspace, Now));

        await Retention(instance, batchSize: 10).PurgeAsync(CancellationToken.None);
        await using var db = instance.Database.CreateContext();

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.EmailLog.ExecuteDeleteAsync());
        Assert.Equal([kept.Id], await EntryIdsAsync(instance));
    }

    [Fact]
    public async Task The_retention_period_follows_the_clock()
    {
        await using var instance = await TestInstance.CreateAsync();
        var workspace = await instance.WorkspaceAsync();
        var entry = await instance.AddLogAsync(Entry(workspace, Now.AddDays(-29)));
        var clock = new FakeTimeProvider(Now);
        var retention = Retention(instance, batchSize: 10, clock);

        var before = await retention.PurgeAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromTicks(1));
        var after = await retention.PurgeAsync(CancellationToken.None);

        Assert.Equal(0, before.Entries);
        Assert.Equal(1, after.Entries);
        Assert.DoesNotContain(entry.Id, await EntryIdsAsync(instance));
    }

    [Fact]
    public async Task A_body_file_is_deleted_once_retention_purged_every_message_in_it()
    {
        await using var instance = await TestInstance.CreateAsync();
        var workspace = await instance.WorkspaceAsync();
        var old = Now.AddDays(-45);
        // Two earlier runs of the server, each with a segment of its own.
        var (purged, purgedSegment) = await AddFiledMessageAsync(instance, workspace, old,
            (RecipientState.Delivered, Now.AddDays(-44)));
        var (deferred, keptSegment) = await AddFiledMessageAsync(instance, workspace, old,
            (RecipientState.Deferred, Now.AddDays(-40)));
        var directory = instance.Database.Bodies!.Directory;
        foreach (var path in Directory.GetFiles(directory))
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddDays(-40));
        }

        var result = await Retention(instance, batchSize: 10).PurgeAsync(CancellationToken.None);

        Assert.Equal((1, 1), (result.Messages, result.BodyFiles));
        Assert.NotEqual(purgedSegment, keptSegment);
        Assert.Equal([$"{keptSegment}.body"], Directory.GetFiles(directory).Select(Path.GetFileName));
        Assert.Null(await instance.Database.ReadBodyAsync(purged, CancellationToken.None));
        Assert.Equal("abc"u8.ToArray(), await instance.Database.ReadBodyAsync(deferred, CancellationToken.None));
    }

    private static LogRetention Retention(TestInstance instance, int batchSize, TimeProvider? clock = null)
    {
        var options = new ColdMailOptions
        {
            Logs = new LogsOptions { RetentionDays = 30, PurgeBatchSize = batchSize, PurgePauseMilliseconds = 0 },
        };
        return new LogRetention(instance.Database, Options.Create(options), clock ?? new FakeTimeProvider(Now),
            NullLogger<LogRetention>.Instance);
    }

    private static EmailLogEntry Entry(Workspace workspace, DateTimeOffset at) => new()
    {
        WorkspaceId = workspace.Id,
        At = at,
        Event = EmailEvents.Delivered,
        Recipient = "bob@dest.example",
    };

    private static async Task<List<long>> EntryIdsAsync(TestInstance instance)
    {
        await using var db = instance.Database.CreateContext();
        return await db.EmailLog.OrderBy(l => l.Id).Select(l => l.Id).ToListAsync();
    }

    /// <summary>A message whose body an earlier run of the server wrote to a body file segment of its own.</summary>
    private static async Task<(Guid Id, long Segment)> AddFiledMessageAsync(
        TestInstance instance,
        Workspace workspace,
        DateTimeOffset receivedAt,
        params (RecipientState State, DateTimeOffset UpdatedAt)[] recipients)
    {
        BodyLocation location;
        using (var earlierRun = new BodyFiles(instance.Database.Bodies!.Directory, TimeProvider.System))
        {
            location = earlierRun.Append("abc"u8.ToArray());
            earlierRun.Sync();
        }
        var id = await AddMessageAsync(instance, workspace, receivedAt, location, recipients);
        return (id, location.Segment);
    }

    private static Task<Guid> AddMessageAsync(
        TestInstance instance,
        Workspace workspace,
        DateTimeOffset receivedAt,
        params (RecipientState State, DateTimeOffset UpdatedAt)[] recipients)
        => AddMessageAsync(instance, workspace, receivedAt, null, recipients);

    private static async Task<Guid> AddMessageAsync(
        TestInstance instance,
        Workspace workspace,
        DateTimeOffset receivedAt,
        BodyLocation? body,
        params (RecipientState State, DateTimeOffset UpdatedAt)[] recipients)
    {
        var id = Guid.CreateVersion7();
        await using var db = instance.Database.CreateContext();
        db.Messages.Add(new Message
        {
            Id = id,
            WorkspaceId = workspace.Id,
            DomainId = Guid.NewGuid(),
            MailboxId = Guid.NewGuid(),
            MailFrom = "a@acme.example",
            Size = 3,
            ReceivedAt = receivedAt,
            BodySegment = body?.Segment,
            BodyOffset = body?.Offset,
            BodyChecksum = body?.Checksum,
            Recipients = [.. recipients.Select((r, i) => new MessageRecipient
            {
                Address = $"r{i}@dest.example",
                Domain = "dest.example",
                State = r.State,
                NextAttemptAt = receivedAt,
                UpdatedAt = r.UpdatedAt,
            })],
        });
        if (body is null)
        {
            db.MessageBodies.Add(new MessageBody { MessageId = id, Content = "abc"u8.ToArray() });
        }
        await db.SaveChangesAsync();
        return id;
    }
}
