using ColdMail.Common;
using ColdMail.Configuration;
using ColdMail.Logs;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Cli;
using ColdMail.Tests.Support;

namespace ColdMail.Tests.Logs;

public sealed class EmailLogQueryTests
{
    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Pages_cut_by_id_walk_the_log_newest_first_without_gaps_or_repeats(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var workspace = await instance.WorkspaceAsync();
        var ids = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            var entry = await instance.AddLogAsync(LogCommandsTests.Entry(workspace, "queued",
                DateTimeOffset.UtcNow, "a@acme.example", $"r{i}@x.example"));
            ids.Add(entry.Id);
        }
        await instance.AddLogAsync(LogCommandsTests.Entry(new Workspace { Id = Guid.NewGuid(), Name = "x" },
            "queued", DateTimeOffset.UtcNow, "a@acme.example", "foreign@x.example"));
        var log = instance.Get<EmailLogQuery>();

        var seen = new List<long>();
        long? before = null;
        while (true)
        {
            var page = await log.NewestAsync(workspace, new EmailLogFilter(), before, 3, CancellationToken.None);
            if (page.Count == 0)
            {
                break;
            }
            seen.AddRange(page.Select(e => e.Id));
            before = page[^1].Id;
        }

        Assert.Equal(ids.AsEnumerable().Reverse(), seen);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Entries_after_an_id_come_oldest_first_and_only_from_the_workspace(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var workspace = await instance.WorkspaceAsync();
        var first = await instance.AddLogAsync(LogCommandsTests.Entry(workspace, "received", DateTimeOffset.UtcNow,
            "a@acme.example", null));
        await instance.AddLogAsync(LogCommandsTests.Entry(new Workspace { Id = Guid.NewGuid(), Name = "x" },
            "queued", DateTimeOffset.UtcNow, "a@acme.example", null));
        var second = await instance.AddLogAsync(LogCommandsTests.Entry(workspace, "queued", DateTimeOffset.UtcNow,
            "a@acme.example", null));
        var third = await instance.AddLogAsync(LogCommandsTests.Entry(workspace, "delivered", DateTimeOffset.UtcNow,
            "a@acme.example", null));
        var log = instance.Get<EmailLogQuery>();

        var after = await log.AfterAsync(workspace, new EmailLogFilter(), first.Id, 10, CancellationToken.None);
        var latest = await log.LatestIdAsync(workspace, CancellationToken.None);

        Assert.Equal([second.Id, third.Id], after.Select(e => e.Id));
        Assert.Equal(third.Id, latest);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(EmailLogQuery.MaxLimit + 1)]
    public async Task A_limit_outside_one_to_the_maximum_is_refused(int limit)
    {
        await using var instance = await TestInstance.CreateAsync();
        var workspace = await instance.WorkspaceAsync();

        await Assert.ThrowsAsync<ResourceException>(() => instance.Get<EmailLogQuery>()
            .NewestAsync(workspace, new EmailLogFilter(), null, limit, CancellationToken.None));
    }
}
