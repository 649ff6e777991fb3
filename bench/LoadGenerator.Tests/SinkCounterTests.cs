using System.Diagnostics;

namespace ColdMail.Bench.Tests;

public sealed class SinkCounterTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"sink-{Guid.NewGuid():N}.out");

    [Fact]
    public async Task Messages_are_counted_from_the_sinks_total_when_the_run_starts()
    {
        await File.WriteAllTextAsync(_path, "sess=1 quit=1 mesg=40\r");
        var counter = new SinkCounter(_path);
        counter.Start();
        using var stop = new CancellationTokenSource();
        var following = counter.FollowAsync(stop.Token);

        await File.AppendAllTextAsync(_path, "sess=1 quit=1 mesg=45\rsess=2 quit=1 mesg=4");
        await WaitUntilAsync(() => counter.Delivered == 5);
        await File.AppendAllTextAsync(_path, "7\r");
        await WaitUntilAsync(() => counter.Delivered == 47 - 40);
        await stop.CancelAsync();
        await following;

        Assert.Equal(40, counter.Baseline);
        Assert.Equal(7, counter.Delivered);
        Assert.True(counter.ReachedAt(5) <= counter.ReachedAt(7));
        Assert.Null(counter.ReachedAt(8));
    }

    [Fact]
    public void An_empty_counter_file_is_zero()
    {
        File.WriteAllText(_path, "");
        var counter = new SinkCounter(_path);

        counter.Start();

        Assert.Equal(0, counter.Baseline);
    }

    public void Dispose() => File.Delete(_path);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "the condition did not hold in time");
            await Task.Delay(5);
        }
    }
}
