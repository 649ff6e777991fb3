namespace ColdMail.Bench.LogSearch;

/// <summary>The median, 95th percentile and maximum of some runs in milliseconds, by nearest rank.</summary>
internal sealed record Timings(double P50, double P95, double Max)
{
    public static Timings Of(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            throw new ArgumentException("No runs to summarise.", nameof(milliseconds));
        }
        var sorted = milliseconds.Order().ToArray();
        return new Timings(Rank(sorted, 0.50), Rank(sorted, 0.95), sorted[^1]);
    }

    private static double Rank(double[] sorted, double quantile)
        => sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
