namespace ColdMail.Bench.Tests;

public sealed class LatencySummaryTests
{
    [Fact]
    public void Percentiles_are_taken_by_nearest_rank()
    {
        var shuffled = Enumerable.Range(1, 100).Select(i => (double)i).OrderBy(i => (i * 37) % 101).ToList();

        var summary = LatencySummary.Of(shuffled)!;

        Assert.Equal(50, summary.P50);
        Assert.Equal(90, summary.P90);
        Assert.Equal(99, summary.P99);
        Assert.Equal(100, summary.Max);
        Assert.Equal(50.5, summary.Mean);
    }

    [Fact]
    public void One_sample_is_every_percentile()
    {
        var summary = LatencySummary.Of([12.5])!;

        Assert.Equal(12.5, summary.P50);
        Assert.Equal(12.5, summary.P99);
    }

    [Fact]
    public void No_samples_give_no_summary()
    {
        Assert.Null(LatencySummary.Of([]));
    }
}
