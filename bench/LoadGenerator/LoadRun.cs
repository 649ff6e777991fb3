using System.Diagnostics;
using System.Net.Sockets;

namespace ColdMail.Bench;

/// <summary>
/// Opens every session first, then lets them all submit from one shared count of messages, so the
/// measured window holds submissions only and the rate is not diluted by handshakes.
/// </summary>
internal sealed class LoadRun(LoadSettings settings)
{
    // A session whose connection breaks is reopened this many times before its worker gives up.
    private const int MaxReconnects = 3;

    private readonly ErrorTally _errors = new();
    private readonly MessageFactory _factory = new(settings.Size, settings.RecipientDomain);
    private readonly double[] _latencies = new double[settings.Messages];
    private int _next = -1;
    private int _accepted;
    private int _failed;

    public async Task<LoadSummary> RunAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout);
        var token = deadline.Token;

        var sink = settings.SinkCountFile is null ? null : new SinkCounter(settings.SinkCountFile);
        sink?.Start();
        var setupStart = Stopwatch.GetTimestamp();
        var opened = await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(i => OpenAsync(i, token)));
        var sessions = opened.Where(s => s is not null).Select(s => s!).ToList();
        var setup = Stopwatch.GetElapsedTime(setupStart);

        var startedAt = DateTimeOffset.UtcNow;
        var start = Stopwatch.GetTimestamp();
        using var following = new CancellationTokenSource();
        var follower = sink?.FollowAsync(following.Token) ?? Task.CompletedTask;
        var workers = opened.Select((s, i) => s is null ? Task.FromResult(s) : WorkAsync(i, s, token));
        var finished = await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(start);
        // Read now: the limit bounds submission, and must not be reported as hit while the sink drains.
        var timedOut = deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
        var finishedAt = DateTimeOffset.UtcNow;

        await Task.WhenAll(finished.Where(s => s is not null).Select(s => CloseAsync(s!, cancellationToken)));

        var accepted = _accepted;
        double? endToEnd = null;
        if (sink is not null)
        {
            await DrainAsync(sink, accepted, cancellationToken);
            await following.CancelAsync();
            await follower;
            endToEnd = sink.ReachedAt(accepted) is { } at && accepted > 0
                ? Stopwatch.GetElapsedTime(start, at).TotalSeconds
                : null;
        }
        var latencies = new ArraySegment<double>(_latencies, 0, Math.Min(accepted, _latencies.Length));
        return new LoadSummary(
            "load",
            settings.Client,
            $"{settings.Target.Host}:{settings.Target.Port}",
            settings.Messages,
            settings.Size,
            settings.Concurrency,
            sessions.Count,
            accepted,
            _failed,
            settings.Messages - accepted - _failed,
            timedOut,
            Math.Round(setup.TotalSeconds, 3),
            Math.Round(elapsed.TotalSeconds, 3),
            elapsed > TimeSpan.Zero ? Math.Round(accepted / elapsed.TotalSeconds, 1) : 0,
            LatencySummary.Of(latencies),
            sink?.Delivered,
            endToEnd is { } e2e ? Math.Round(e2e, 3) : null,
            endToEnd is { } seconds ? Math.Round(accepted / seconds, 1) : null,
            _errors.Counts(),
            _errors.Samples(),
            startedAt.ToUnixTimeMilliseconds(),
            finishedAt.ToUnixTimeMilliseconds());
    }

    /// <summary>Waits, within the drain limit, until the sink has every accepted message.</summary>
    private async Task DrainAsync(SinkCounter sink, int accepted, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(settings.DrainTimeout);
        try
        {
            while (sink.Delivered < accepted)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5), limit.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Reported as fewer delivered than accepted, with no end-to-end rate.
        }
    }

    private async Task<ISubmissionSession?> OpenAsync(int index, CancellationToken cancellationToken)
    {
        var session = settings.NewSession(index);
        try
        {
            await session.OpenAsync(cancellationToken);
            return session;
        }
        catch (Exception e) when (IsSessionFailure(e, cancellationToken))
        {
            Tally(e, "open");
            await session.DisposeAsync();
            return null;
        }
    }

    /// <summary>Submits until the shared count runs out; returns the session still open, if any.</summary>
    private async Task<ISubmissionSession?> WorkAsync(
        int index,
        ISubmissionSession session,
        CancellationToken cancellationToken)
    {
        var sender = settings.SenderFor(index);
        var reconnects = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var sequence = Interlocked.Increment(ref _next);
            if (sequence >= settings.Messages)
            {
                return session;
            }
            var message = _factory.Create(sequence, sender);
            var start = Stopwatch.GetTimestamp();
            try
            {
                var result = await session.SubmitAsync(message, cancellationToken);
                if (result.Accepted)
                {
                    var slot = Interlocked.Increment(ref _accepted) - 1;
                    _latencies[slot] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
                else
                {
                    Interlocked.Increment(ref _failed);
                    _errors.Add(result.Code, result.Stage, result.Text);
                }
            }
            catch (Exception e) when (IsSessionFailure(e, cancellationToken))
            {
                Interlocked.Increment(ref _failed);
                Tally(e, "transaction");
                await session.DisposeAsync();
                if (cancellationToken.IsCancellationRequested || ++reconnects > MaxReconnects)
                {
                    return null;
                }
                var reopened = await OpenAsync(index, cancellationToken);
                if (reopened is null)
                {
                    return null;
                }
                session = reopened;
            }
        }
        return session;
    }

    private static async Task CloseAsync(ISubmissionSession session, CancellationToken cancellationToken)
    {
        using var quitLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        quitLimit.CancelAfter(TimeSpan.FromSeconds(5));
        await session.QuitAsync(quitLimit.Token);
        await session.DisposeAsync();
    }

    private void Tally(Exception e, string stage)
    {
        switch (e)
        {
            case SessionSetupException setup when setup.Code != 0:
                _errors.Add(setup.Code, setup.Stage, setup.Message);
                break;
            case SessionSetupException setup:
                _errors.Add(setup.Stage, setup.Stage, setup.Message);
                break;
            case OperationCanceledException:
                _errors.Add("timeout", stage, "the run's time limit passed mid-dialogue");
                break;
            case SmtpProtocolException or MailKit.ProtocolException:
                _errors.Add("protocol", stage, e.Message);
                break;
            default:
                _errors.Add("io", stage, e.Message);
                break;
        }
    }

    /// <summary>Failures of one session, which end it but not the run.</summary>
    internal static bool IsSessionFailure(Exception e, CancellationToken cancellationToken) => e
        is SessionSetupException or SmtpProtocolException or IOException or SocketException
        or ObjectDisposedException or MailKit.ProtocolException or MailKit.CommandException
        or System.Security.Authentication.AuthenticationException
        || (e is OperationCanceledException && cancellationToken.IsCancellationRequested);
}
