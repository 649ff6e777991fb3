using ColdMail.Storage;
using ColdMail.Tests.Support;

namespace ColdMail.Tests.Storage;

public sealed class WalFlusherTests
{
    [Fact]
    public async Task Callers_that_arrive_during_a_flush_share_the_next_one()
    {
        using var gate = new SemaphoreSlim(0);
        using var started = new SemaphoreSlim(0);
        var flusher = new WalFlusher(() =>
        {
            started.Release();
            gate.Wait();
        });

        var first = flusher.FlushAsync();
        await started.WaitAsync();
        var during = Enumerable.Range(0, 5).Select(_ => flusher.FlushAsync()).ToList();
        gate.Release();
        await first;
        Assert.All(during, d => Assert.False(d.IsCompleted));
        gate.Release();
        await Task.WhenAll(during);

        Assert.Equal(2, flusher.Flushes);
    }

    [Fact]
    public async Task A_failed_flush_fails_its_callers_and_the_next_one_runs_afresh()
    {
        var fail = true;
        var flusher = new WalFlusher(() =>
        {
            if (fail)
            {
                throw new IOException("the disk said no");
            }
        });

        var failed = await Assert.ThrowsAsync<IOException>(flusher.FlushAsync);
        fail = false;
        await flusher.FlushAsync();

        Assert.Equal("the disk said no", failed.Message);
        Assert.Equal(1, flusher.Flushes);
    }

    [Fact]
    public async Task The_log_of_a_real_database_is_flushed()
    {
        await using var instance = await TestInstance.CreateAsync();
        var flusher = instance.Database.Flusher;

        Assert.NotNull(flusher);
        await flusher.FlushAsync();
        Assert.Equal(1, flusher.Flushes);
    }
}
