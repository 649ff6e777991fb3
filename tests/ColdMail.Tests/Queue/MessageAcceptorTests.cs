using System.Data.Common;
using System.Text;
using ColdMail.Configuration;
using ColdMail.Logs;
using ColdMail.Queue;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Policy;
using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ColdMail.Tests.Queue;

public sealed class MessageAcceptorTests
{
    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Writes_queued_behind_a_busy_commit_share_the_next_one(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var workspace = await Seed.DefaultWorkspaceAsync(instance);
        await using var node = PolicyNode.Create(instance);
        var acceptor = node.Acceptor;

        Task first;
        var rest = new List<Task>();
        await using (await WriteLock.TakeAsync(instance))
        {
            first = acceptor.AcceptAsync(Message(workspace), CancellationToken.None);
            await Eventually.TrueAsync(() => acceptor.QueuedWrites == 0, "the first write to be taken");
            for (var i = 0; i < 10; i++)
            {
                rest.Add(acceptor.AcceptAsync(Message(workspace), CancellationToken.None));
            }
        }
        await Task.WhenAll(rest.Append(first));

        Assert.InRange(acceptor.BatchesCommitted, 1, 2);
        await using var db = instance.Database.CreateContext();
        var ids = await db.Messages.Select(m => m.Id).ToListAsync();
        Assert.Equal(11, ids.Count);
        foreach (var id in ids)
        {
            var body = await instance.Database.ReadBodyAsync(id, CancellationToken.None);
            Assert.Equal(Seed.Message(), Encoding.ASCII.GetString(Assert.IsType<byte[]>(body)));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task One_bad_write_in_a_batch_fails_alone(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var workspace = await Seed.DefaultWorkspaceAsync(instance);
        await using var node = PolicyNode.Create(instance);
        var acceptor = node.Acceptor;
        var existing = Message(workspace);
        await acceptor.AcceptAsync(existing, CancellationToken.None);

        Task good1, good2, bad, good3;
        await using (await WriteLock.TakeAsync(instance))
        {
            good1 = acceptor.AcceptAsync(Message(workspace), CancellationToken.None);
            await Eventually.TrueAsync(() => acceptor.QueuedWrites == 0, "the first write to be taken");
            good2 = acceptor.AcceptAsync(Message(workspace), CancellationToken.None);
            bad = acceptor.AcceptAsync(Message(workspace) with { Id = existing.Id }, CancellationToken.None);
            good3 = acceptor.AcceptAsync(Message(workspace), CancellationToken.None);
        }

        await Task.WhenAll(good1, good2, good3);
        // The duplicate key, as the database reported it.
        await Assert.ThrowsAnyAsync<DbException>(() => bad);
        await using var db = instance.Database.CreateContext();
        Assert.Equal(4, await db.Messages.CountAsync());
        Assert.Equal(4, await db.EmailLog.CountAsync(e => e.Event == EmailEvents.Received));
        Assert.Contains(node.Logs.Lines, l => l.StartsWith("Warning") && l.Contains("retrying each alone"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Stopping_commits_what_is_queued_and_refuses_what_comes_after(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var workspace = await Seed.DefaultWorkspaceAsync(instance);
        await using var node = PolicyNode.Create(instance);
        var acceptor = node.Acceptor;

        Task pending, stopping;
        await using (await WriteLock.TakeAsync(instance))
        {
            pending = acceptor.AcceptAsync(Message(workspace), CancellationToken.None);
            await Eventually.TrueAsync(() => acceptor.QueuedWrites == 0, "the write to be taken");
            stopping = acceptor.StopAsync(CancellationToken.None);
            await Assert.ThrowsAsync<AcceptorStoppedException>(
                () => acceptor.AcceptAsync(Message(workspace), CancellationToken.None));
            Assert.False(stopping.IsCompleted);
        }
        await stopping;
        await pending;

        await using var db = instance.Database.CreateContext();
        Assert.Equal(1, await db.Messages.CountAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_write_whose_caller_left_before_it_began_is_not_stored(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var workspace = await Seed.DefaultWorkspaceAsync(instance);
        await using var node = PolicyNode.Create(instance);
        var acceptor = node.Acceptor;
        using var gone = new CancellationTokenSource();

        Task first, left;
        await using (await WriteLock.TakeAsync(instance))
        {
            first = acceptor.AcceptAsync(Message(workspace), CancellationToken.None);
            await Eventually.TrueAsync(() => acceptor.QueuedWrites == 0, "the first write to be taken");
            left = acceptor.AcceptAsync(Message(workspace), gone.Token);
            await gone.CancelAsync();
        }
        await first;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => left);
        await using var db = instance.Database.CreateContext();
        Assert.Equal(1, await db.Messages.CountAsync());
    }

    [Fact]
    public async Task A_message_is_acknowledged_only_once_its_commit_is_on_disk()
    {
        await using var instance = await TestInstance.CreateAsync();
        var workspace = await Seed.DefaultWorkspaceAsync(instance);
        using var disk = new SemaphoreSlim(0);
        await using var node = PolicyNode.Create(instance);
        var database = node.Services.GetRequiredService<ColdMailDatabase>();
        database.Flusher = new WalFlusher(() => disk.Wait());

        var accepting = node.Acceptor.AcceptAsync(Message(workspace), CancellationToken.None);
        await Eventually.TrueAsync(() => node.Acceptor.BatchesCommitted == 1, "the commit");
        var beforeFlush = accepting.IsCompleted;
        disk.Release();
        await accepting;

        Assert.False(beforeFlush);
        Assert.Equal(1, database.Flusher.Flushes);
    }

    [Fact]
    public async Task A_commit_the_disk_cannot_flush_is_not_acknowledged()
    {
        await using var instance = await TestInstance.CreateAsync();
        var workspace = await Seed.DefaultWorkspaceAsync(instance);
        await using var node = PolicyNode.Create(instance);
        node.Services.GetRequiredService<ColdMailDatabase>().Flusher =
            new WalFlusher(() => throw new IOException("I/O error"));

        var failure = await Assert.ThrowsAsync<IOException>(
            () => node.Acceptor.AcceptAsync(Message(workspace), CancellationToken.None));

        Assert.Equal("I/O error", failure.Message);
    }

    private static AcceptedMessage Message(Guid workspace)
    {
        var id = Guid.CreateVersion7();
        var at = PolicyNode.DefaultStart;
        return new AcceptedMessage(
            id,
            workspace,
            Guid.CreateVersion7(),
            Guid.CreateVersion7(),
            null,
            "sales@acme.com",
            $"<{id:N}@acme.com>",
            Encoding.ASCII.GetBytes(Seed.Message()),
            at,
            "203.0.113.7",
            ["bob@example.com"],
            [new EmailLogRecord(workspace, at, EmailEvents.Received, MessageId: id)],
            null);
    }
}
