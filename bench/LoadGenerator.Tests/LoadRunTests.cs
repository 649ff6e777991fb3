namespace ColdMail.Bench.Tests;

public sealed class LoadRunTests
{
    private const string Key = "cmk_test-key";

    [Fact]
    public async Task Every_message_is_submitted_over_sessions_that_stay_open()
    {
        await using var server = new ScriptedSmtpServer(Key);

        var summary = await new LoadRun(Settings(server, messages: 50, concurrency: 5)).RunAsync(Timeout());

        Assert.Equal(50, summary.Accepted);
        Assert.Equal(0, summary.Failed);
        Assert.Equal(5, summary.SessionsOpened);
        Assert.Equal(5, server.Connections);
        Assert.Equal(50, server.Messages);
        Assert.Equal(5, server.Count("AUTH"));
        Assert.Equal(0, server.Count("RSET"));
        Assert.NotNull(summary.LatencyMs);
        Assert.True(summary.LatencyMs.P50 <= summary.LatencyMs.P99);
        Assert.True(summary.AcceptRate > 0);
    }

    [Fact]
    public async Task Refusals_are_counted_by_reply_code_and_the_session_resets_and_goes_on()
    {
        await using var server = new ScriptedSmtpServer(Key, refuseRecipient: r => r.StartsWith("r00003@"));

        var summary = await new LoadRun(Settings(server, messages: 10, concurrency: 1)).RunAsync(Timeout());

        Assert.Equal(9, summary.Accepted);
        Assert.Equal(1, summary.Failed);
        Assert.Equal(new Dictionary<string, int> { ["550"] = 1 }, summary.Errors);
        Assert.StartsWith("RCPT", summary.ErrorSamples["550"], StringComparison.Ordinal);
        Assert.Equal(1, server.Count("RSET"));
        Assert.Equal(9, server.Messages);
    }

    [Fact]
    public async Task A_refused_login_is_counted_and_sends_nothing()
    {
        await using var server = new ScriptedSmtpServer("another-key");

        var summary = await new LoadRun(Settings(server, messages: 20, concurrency: 4)).RunAsync(Timeout());

        Assert.Equal(0, summary.Accepted);
        Assert.Equal(0, summary.SessionsOpened);
        Assert.Equal(20, summary.Unsent);
        Assert.Equal(new Dictionary<string, int> { ["535"] = 4 }, summary.Errors);
        Assert.Equal(0, server.Count("MAIL"));
    }

    [Fact]
    public async Task Idle_sessions_are_opened_authenticated_and_announced()
    {
        await using var server = new ScriptedSmtpServer(Key);
        var ready = Path.Combine(Path.GetTempPath(), $"ready-{Guid.NewGuid():N}");
        try
        {
            var run = new IdleRun(Settings(server, messages: 1, concurrency: 1), 12, TimeSpan.Zero, ready);

            var summary = await run.RunAsync(TextWriter.Null, Timeout());

            Assert.Equal(12, summary.Opened);
            Assert.Equal("12", (await File.ReadAllTextAsync(ready)).Trim());
            Assert.Equal(12, server.Count("AUTH"));
            Assert.Equal(12, server.Count("QUIT"));
        }
        finally
        {
            File.Delete(ready);
        }
    }

    private static LoadSettings Settings(ScriptedSmtpServer server, int messages, int concurrency) => new(
        new SessionTarget("127.0.0.1", server.Port, TlsMode.None, "tests.bench.test"),
        [new Credential("sender01@bench.test", Key)],
        messages,
        concurrency,
        2048,
        "sink.test",
        TimeSpan.FromSeconds(30),
        "raw");

    // A hung run fails the test instead of hanging the suite.
    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
}
