using System.Text.Json;
using ColdMail.Configuration;
using ColdMail.Logs;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;

namespace ColdMail.Tests.Logs;

public sealed class EmailLogExportTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Csv_has_a_header_and_one_quoted_record_per_entry_ended_by_crlf(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var workspace = await instance.WorkspaceAsync();
        var message = Guid.CreateVersion7();
        var first = await instance.AddLogAsync(new EmailLogEntry
        {
            WorkspaceId = workspace.Id,
            At = At,
            Event = EmailEvents.Bounced,
            MessageId = message,
            Mailbox = "a@acme.example",
            Recipient = "bob@dest.example",
            Code = 550,
            EnhancedCode = "5.1.1",
            Detail = "No such user, \"bob\"\r\nsecond line",
            RemoteAddress = "192.0.2.7",
            Host = "mx.dest.example",
            Tls = true,
        });
        var second = await instance.AddLogAsync(new EmailLogEntry
        {
            WorkspaceId = workspace.Id,
            At = At.AddSeconds(1),
            Event = EmailEvents.AuthFailed,
            Mailbox = "=cmd|' /C calc'!A0",
        });
        var output = new StringWriter();

        var count = await instance.Get<EmailLogExport>()
            .WriteCsvAsync(workspace, new EmailLogFilter(), null, output, CancellationToken.None);

        Assert.Equal(2, count);
        Assert.Equal(
            "id,at,event,message_id,mailbox,recipient,code,enhanced_code,detail,remote_address,host,tls\r\n" +
            $"{second.Id},2026-03-01T12:00:01.0000000Z,auth.failed,,'=cmd|' /C calc'!A0,,,,,,,\r\n" +
            $"{first.Id},2026-03-01T12:00:00.0000000Z,bounced,{message:N},a@acme.example,bob@dest.example," +
            "550,5.1.1,\"No such user, \"\"bob\"\"\r\nsecond line\",192.0.2.7,mx.dest.example,true\r\n",
            output.ToString());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Ndjson_writes_one_object_per_line_with_the_csv_field_names(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var workspace = await instance.WorkspaceAsync();
        var entry = await instance.AddLogAsync(new EmailLogEntry
        {
            WorkspaceId = workspace.Id,
            At = At,
            Event = EmailEvents.Deferred,
            Recipient = "bob@dest.example",
            Code = 451,
            EnhancedCode = "4.7.1",
            Detail = "greylisted\nretry later",
        });
        var output = new StringWriter();

        await instance.Get<EmailLogExport>()
            .WriteNdjsonAsync(workspace, new EmailLogFilter(), null, output, CancellationToken.None);

        var lines = output.ToString().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Equal("", lines[1]);
        var record = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal(ExportedLogEntry.Columns, record.EnumerateObject().Select(p => p.Name));
        Assert.Equal(entry.Id, record.GetProperty("id").GetInt64());
        Assert.Equal(At, record.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("greylisted\nretry later", record.GetProperty("detail").GetString());
        Assert.Equal("4.7.1", record.GetProperty("enhanced_code").GetString());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("message_id").ValueKind);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task An_export_crosses_pages_without_repeating_or_missing_an_entry(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var workspace = await instance.WorkspaceAsync();
        const int total = EmailLogQuery.MaxLimit * 2 + 5;
        await using (var db = instance.Database.CreateContext())
        {
            for (var i = 0; i < total; i++)
            {
                db.EmailLog.Add(new EmailLogEntry
                {
                    WorkspaceId = workspace.Id,
                    At = At.AddSeconds(i),
                    Event = i % 2 == 0 ? EmailEvents.Delivered : EmailEvents.Deferred,
                });
            }
            await db.SaveChangesAsync();
        }
        var output = new StringWriter();

        var count = await instance.Get<EmailLogExport>().WriteNdjsonAsync(
            workspace, new EmailLogFilter(Event: "delivered"), null, output, CancellationToken.None);

        var ids = output.ToString().TrimEnd('\n').Split('\n')
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetInt64()).ToList();
        Assert.Equal((total + 1) / 2, count);
        Assert.Equal(count, ids.Count);
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_maximum_keeps_the_newest_entries()
    {
        await using var instance = await TestInstance.CreateAsync();
        var workspace = await instance.WorkspaceAsync();
        for (var i = 0; i < 5; i++)
        {
            await instance.AddLogAsync(new EmailLogEntry
            {
                WorkspaceId = workspace.Id,
                At = At.AddSeconds(i),
                Event = EmailEvents.Delivered,
                Recipient = $"r{i}@dest.example",
            });
        }
        var output = new StringWriter();

        var count = await instance.Get<EmailLogExport>()
            .WriteCsvAsync(workspace, new EmailLogFilter(), 2, output, CancellationToken.None);

        var lines = output.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, count);
        Assert.Equal(3, lines.Length);
        Assert.Contains("r4@dest.example", lines[1]);
        Assert.Contains("r3@dest.example", lines[2]);
    }
}
