using System.Collections.Concurrent;
using System.Diagnostics;

namespace ColdMail.Bench;

/// <summary>
/// Opens many authenticated sessions and holds them without sending, so the server's memory per
/// idle session can be read from outside while they stay open.
/// </summary>
internal sealed class IdleRun(LoadSettings settings, int sessions, TimeSpan hold, string? readyFile)
{
    // Handshakes in flight at once: enough to keep both cores busy, few enough not to overflow the backlog.
    private const int OpeningParallelism = 32;

    private readonly ErrorTally _errors = new();

    public async Task<IdleSummary> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var open = new ConcurrentBag<ISubmissionSession>();
        var start = Stopwatch.GetTimestamp();
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(settings.Timeout);
            var parallel = new ParallelOptions
            {
                MaxDegreeOfParallelism = OpeningParallelism,
                CancellationToken = CancellationToken.None,
            };
            await Parallel.ForAsync(0, sessions, parallel, async (i, _) =>
            {
                if (deadline.IsCancellationRequested)
                {
                    _errors.Add("timeout", "open", "the time limit passed before this session was opened");
                    return;
                }
                var session = settings.NewSession(i);
                try
                {
                    await session.OpenAsync(deadline.Token);
                    open.Add(session);
                }
                catch (Exception e) when (LoadRun.IsSessionFailure(e, deadline.Token))
                {
                    _errors.Add(e is SessionSetupException { Code: not 0 } s ? s.Code.ToString() : "open", "open",
                        e.Message);
                    await session.DisposeAsync();
                }
            });
        }
        var setup = Stopwatch.GetElapsedTime(start);
        output.WriteLine($"holding {open.Count} of {sessions} sessions open (opened in {setup.TotalSeconds:0.00} s)");
        output.Flush();
        if (readyFile is not null)
        {
            await File.WriteAllTextAsync(readyFile, $"{open.Count}\n", CancellationToken.None);
        }

        var held = Stopwatch.GetTimestamp();
        try
        {
            await Task.Delay(hold, cancellationToken);
            using var quitLimit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = OpeningParallelism },
                async (s, _) => await s.QuitAsync(quitLimit.Token));
        }
        catch (OperationCanceledException)
        {
            // Stopped from outside once the server was measured: close without QUIT to be quick.
        }
        var heldFor = Stopwatch.GetElapsedTime(held);
        foreach (var session in open)
        {
            await session.DisposeAsync();
        }

        return new IdleSummary("idle", settings.Client, $"{settings.Target.Host}:{settings.Target.Port}",
            sessions, open.Count, Math.Round(setup.TotalSeconds, 3), Math.Round(heldFor.TotalSeconds, 3),
            _errors.Counts(), _errors.Samples());
    }
}
