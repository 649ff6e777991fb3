using System.Diagnostics;

namespace ColdMail.Tests.EndToEnd;

public sealed class SwaksTests
{
    private const string Swaks = "/usr/bin/swaks";

    [SkippableFact]
    public async Task Swaks_as_a_new_user_runs_it_gets_250_with_a_queue_id_and_the_log_shows_the_message()
    {
        Skip.IfNot(File.Exists(Swaks), "swaks is not installed (apt-get install swaks).");
        await using var server = await EndToEndServer.StartAsync();
        var sender = await server.AddSenderAsync("acme.example");

        var (exitCode, output) = await RunAsync(
            "--server", "127.0.0.1", "--port", server.StartTlsPort.ToString(), "--tls",
            "--auth", "PLAIN", "--auth-user", sender.Address, "--auth-password", sender.Secret,
            "--from", sender.Address, "--to", "someone@example.org");

        Assert.True(exitCode == 0, output);
        Assert.Contains("<~  250 ", output);
        var id = EndToEndServer.QueueId(output);
        var events = await server.LoggedEventsAsync(id);
        Assert.Contains("received", events);
        Assert.Contains("queued", events);
        var logs = await server.RunAsync("logs");
        Assert.Contains(id, logs);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Swaks)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
