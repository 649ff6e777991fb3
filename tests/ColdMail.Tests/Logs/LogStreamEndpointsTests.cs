using System.Net;
using System.Text.Json;
using ColdMail.Configuration;
using ColdMail.Logs;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using ColdMail.Workspaces;
using static ColdMail.Tests.Cli.LogCommandsTests;

namespace ColdMail.Tests.Logs;

public sealed class LogStreamEndpointsTests
{
    [Fact]
    public async Task A_request_without_a_valid_bearer_token_is_401_with_a_challenge_and_problem_details()
    {
        await using var server = await LogStreamServer.StartAsync(DatabaseProvider.Sqlite);
        var unknown = SecretToken.Create(SecretToken.ApiTokenPrefix);
        var broken = server.Token[..^1] + (server.Token[^1] == 'a' ? 'b' : 'a');

        var none = await server.Http.GetAsync(LogStreamEndpoints.Route);
        var wrong = await server.RequestAsync(token: unknown);
        var typo = await server.RequestAsync(token: broken);
        var basic = new HttpRequestMessage(HttpMethod.Get, LogStreamEndpoints.Route);
        basic.Headers.TryAddWithoutValidation("Authorization", "Basic " + server.Token);
        var otherScheme = await server.Http.SendAsync(basic);
        await using (await server.OpenAsync())
        {
            // The right token opens the stream, so the refusals above were about the token alone.
        }

        await AssertUnauthorizedAsync(none, withError: false);
        await AssertUnauthorizedAsync(wrong, withError: true);
        await AssertUnauthorizedAsync(typo, withError: true);
        await AssertUnauthorizedAsync(otherScheme, withError: true);
        var logged = string.Join('\n', server.Logs.Lines);
        Assert.Contains("Refused an API token", logged);
        Assert.DoesNotContain(unknown, logged);
        Assert.DoesNotContain(broken, logged);
        Assert.DoesNotContain(server.Token, logged);
        Assert.DoesNotContain(server.Token[4..20], logged);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Entries_written_after_connecting_arrive_in_order_with_their_id_event_and_data(
        DatabaseProvider provider)
    {
        await using var server = await LogStreamServer.StartAsync(provider);
        var message = Guid.CreateVersion7();
        await server.Instance.AddLogAsync(Entry(server.Workspace, "queued", Now(), "a@acme.example", "old@x.example"));
        await using var stream = await server.OpenAsync();

        var written = new[]
        {
            await server.Instance.AddLogAsync(Entry(server.Workspace, "queued", Now(), "a@acme.example",
                "r1@x.example", messageId: message)),
            await server.Instance.AddLogAsync(Entry(server.Workspace, "deferred", Now(), "a@acme.example",
                "r1@x.example", messageId: message, code: 451, enhancedCode: "4.7.1", detail: "busy\r\nlater")),
            await server.Instance.AddLogAsync(Entry(server.Workspace, "delivered", Now(), "a@acme.example",
                "r1@x.example", messageId: message, code: 250)),
        };
        var events = await stream.EventsUntilAsync(e => e.Id == written[^1].Id.ToString());

        Assert.Equal(written.Select(e => e.Id.ToString()), events.Select(e => e.Id));
        Assert.Equal(["queued", "deferred", "delivered"], events.Select(e => e.Event));
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        var data = events.Select(e => JsonDocument.Parse(e.Data!).RootElement).ToList();
        Assert.Equal(ExportedLogEntry.Columns, data[1].EnumerateObject().Select(p => p.Name));
        Assert.Equal(written[1].Id, data[1].GetProperty("id").GetInt64());
        Assert.Equal("deferred", data[1].GetProperty("event").GetString());
        Assert.Equal(message.ToString("N"), data[1].GetProperty("message_id").GetString());
        Assert.Equal("r1@x.example", data[1].GetProperty("recipient").GetString());
        Assert.Equal(451, data[1].GetProperty("code").GetInt32());
        Assert.Equal("busy\r\nlater", data[1].GetProperty("detail").GetString());
        Assert.Equal(written[1].At.ToUnixTimeSeconds(), data[1].GetProperty("at").GetDateTimeOffset()
            .ToUnixTimeSeconds());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_stream_carries_its_own_workspace_s_entries_and_never_another_s(DatabaseProvider provider)
    {
        await using var server = await LogStreamServer.StartAsync(provider);
        var rival = await server.Instance.Get<WorkspaceService>().AddAsync("rival", CancellationToken.None);
        await using var own = await server.OpenAsync();
        await using var theirs = await server.OpenAsync(token: await server.TokenAsync(rival, Role.Owner));

        await server.Instance.AddLogAsync(Entry(rival, "queued", Now(), "a@rival.example", "secret1@x.example"));
        await server.Instance.AddLogAsync(Entry(server.Workspace, "queued", Now(), "a@acme.example", "mine@x.example"));
        await server.Instance.AddLogAsync(Entry(rival, "bounced", Now(), "a@rival.example", "secret2@x.example"));
        var sentinel = await server.Instance.AddLogAsync(Entry(server.Workspace, "queued", Now(), "a@acme.example",
            "sentinel@x.example"));
        var rivalSentinel = await server.Instance.AddLogAsync(Entry(rival, "queued", Now(), "a@rival.example",
            "their-sentinel@x.example"));

        var mine = await own.EventsUntilAsync(e => e.Id == sentinel.Id.ToString());
        var rivals = await theirs.EventsUntilAsync(e => e.Id == rivalSentinel.Id.ToString());
        Assert.Equal(["mine@x.example", "sentinel@x.example"], mine.Select(Recipient));
        Assert.Equal(["secret1@x.example", "secret2@x.example", "their-sentinel@x.example"], rivals.Select(Recipient));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Each_filter_keeps_only_matching_entries(DatabaseProvider provider)
    {
        await using var server = await LogStreamServer.StartAsync(provider);
        // Checked just now: a running server re-checks a domain never checked at once, and the failure it logs
        // (the test has no DNS) would reach the domain filter's stream.
        var acme = await server.Instance.AddDomainAsync("acme.example", lastCheckedAt: DateTimeOffset.UtcNow);
        var beta = await server.Instance.AddDomainAsync("beta.example", lastCheckedAt: DateTimeOffset.UtcNow);
        var message = Guid.CreateVersion7();
        string[] queries =
        [
            "?domain=ACME.example", "?mailbox=SAM@acme.example", "?recipient=Ceo@X.example",
            $"?message={message:N}", "?event=bounced", "?code=550",
            "?domain=acme.example&event=bounced&code=550&mailbox=sam@acme.example",
        ];
        var streams = new List<SseStream>();
        foreach (var query in queries)
        {
            streams.Add(await server.OpenAsync(query));
        }

        // Differs from the match in every filtered value, and is written first: a filter that let it
        // through would show it before the match.
        await server.Instance.AddLogAsync(Entry(server.Workspace, "queued", Now(), "kim@beta.example",
            "cfo@x.example", beta.Id, Guid.CreateVersion7(), 250));
        var match = await server.Instance.AddLogAsync(Entry(server.Workspace, "bounced", Now(), "sam@acme.example",
            "ceo@x.example", acme.Id, message, 550));

        foreach (var stream in streams)
        {
            var first = await stream.NextAsync();
            Assert.Equal(match.Id.ToString(), first?.Id);
            await stream.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("?code=55O", null, "code")]
    [InlineData("?message=42", null, "message")]
    [InlineData("?event=bounce", null, "event")]
    [InlineData("?domain=10.0.0.1", null, "domain")]
    [InlineData("?domain=unknown.example", null, "domain")]
    [InlineData("?event=bounced&event=deferred", null, "event")]
    [InlineData("?since=1h", null, "since")]
    [InlineData("?after=-1", null, "after")]
    [InlineData("", "yesterday", "Last-Event-ID")]
    public async Task A_bad_parameter_is_400_with_problem_details_naming_it(
        string query,
        string? lastEventId,
        string parameter)
    {
        await using var server = await LogStreamServer.StartAsync(DatabaseProvider.Sqlite);

        var response = await server.RequestAsync(query, lastEventId: lastEventId);
        var healthy = await server.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        Assert.Contains(parameter, problem.GetProperty("title").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Last_event_id_resumes_with_exactly_the_entries_missed(DatabaseProvider provider)
    {
        await using var server = await LogStreamServer.StartAsync(provider);
        long seen;
        await using (var first = await server.OpenAsync("?mailbox=a@acme.example"))
        {
            var entry = await server.Instance.AddLogAsync(Entry(server.Workspace, "queued", Now(), "a@acme.example",
                "r1@x.example"));
            seen = long.Parse((await first.EventsUntilAsync(e => e.Id == entry.Id.ToString()))[^1].Id!);
        }
        var missed = new List<long>();
        foreach (var recipient in new[] { "r2@x.example", "r3@x.example" })
        {
            missed.Add((await server.Instance.AddLogAsync(Entry(server.Workspace, "queued", Now(), "a@acme.example",
                recipient))).Id);
            await server.Instance.AddLogAsync(Entry(server.Workspace, "queued", Now(), "other@acme.example", "x@y"));
        }

        // The header wins over ?after=, as when an EventSource reconnects to the URL it started with.
        await using var resumed = await server.OpenAsync("?mailbox=a@acme.example&after=0",
            lastEventId: seen.ToString());
        await using var after = await server.OpenAsync($"?mailbox=a@acme.example&after={seen}");
        var sentinel = await server.Instance.AddLogAsync(Entry(server.Workspace, "queued", Now(), "a@acme.example",
            "r4@x.example"));

        long[] expected = [.. missed, sentinel.Id];
        Assert.Equal(expected, (await resumed.EventsUntilAsync(e => e.Id == sentinel.Id.ToString()))
            .Select(e => long.Parse(e.Id!)));
        Assert.Equal(expected, (await after.EventsUntilAsync(e => e.Id == sentinel.Id.ToString()))
            .Select(e => long.Parse(e.Id!)));
    }

    [Fact]
    public async Task A_quiet_stream_sends_keep_alive_comments()
    {
        await using var server = await LogStreamServer.StartAsync(DatabaseProvider.Sqlite,
            new Dictionary<string, string?> { ["ColdMail:Logs:StreamHeartbeatSeconds"] = "1" });
        await using var stream = await server.OpenAsync();

        var first = await stream.NextAsync();
        var second = await stream.NextAsync();

        Assert.Equal("keep-alive", first?.Comment);
        Assert.Equal("keep-alive", second?.Comment);
    }

    [Fact]
    public async Task A_client_that_disconnects_frees_its_stream_for_the_next_client()
    {
        await using var server = await LogStreamServer.StartAsync(DatabaseProvider.Sqlite,
            new Dictionary<string, string?> { ["ColdMail:Logs:MaxStreams"] = "1" });
        var first = await server.OpenAsync();

        var refused = await server.RequestAsync();
        await first.DisposeAsync();
        var next = await Eventually.ResponseAsync(() => server.RequestAsync(), HttpStatusCode.OK);
        await using var stream = await SseStream.OpenAsync(next);
        var entry = await server.Instance.AddLogAsync(Entry(server.Workspace, "queued", Now(), "a@acme.example",
            "r@x.example"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(entry.Id.ToString(), (await stream.NextAsync())?.Id);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Stopping_the_server_ends_an_open_stream_cleanly()
    {
        await using var server = await LogStreamServer.StartAsync(DatabaseProvider.Sqlite);
        await using var stream = await server.OpenAsync();
        var entry = await server.Instance.AddLogAsync(Entry(server.Workspace, "queued", Now(), "a@acme.example",
            "r@x.example"));
        Assert.Equal(entry.Id.ToString(), (await stream.NextAsync())?.Id);

        // Without ending on shutdown the host would wait out its 30-second timeout, then cut the stream.
        await server.StopAsync().WaitAsync(TimeSpan.FromSeconds(15));
        var end = await stream.NextAsync();

        Assert.Null(end);
    }

    private static DateTimeOffset Now() => TimeProvider.System.GetUtcNow();

    private static string? Recipient(SseMessage message)
        => JsonDocument.Parse(message.Data!).RootElement.GetProperty("recipient").GetString();

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response, bool withError)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal(withError, challenge.Parameter?.Contains("error=\"invalid_token\"") ?? false);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
    }
}
