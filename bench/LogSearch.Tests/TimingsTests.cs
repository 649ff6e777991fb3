namespace ColdMail.Bench.LogSearch.Tests;

public sealed class TimingsTests
{
    [Fact]
    public void Percentiles_are_taken_by_nearest_rank()
    {
        var runs = Enumerable.Range(1, 20).Select(i => (double)i).Reverse().ToList();

        var timings = Timings.Of(runs);

        Assert.Equal(new Timings(10, 19, 20), timings);
    }
}
