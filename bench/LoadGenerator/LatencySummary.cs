namespace ColdMail.Bench;

/// <summary>Percentiles of submission latency in milliseconds, by the nearest-rank method.</summary>
internal sealed record LatencySummary(double P50, double P90, double P99, double Max, double Mean)
{
    public static LatencySummary? Of(IReadOnlyList<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            return null;
        }
        var sorted = milliseconds.Order().ToArray();
        return new LatencySummary(
            Rank(sorted, 0.50), Rank(sorted, 0.90), Rank(sorted, 0.99), Math.Round(sorted[^1], 3),
            Math.Round(sorted.Average(), 3));
    }

    private static double Rank(double[] sorted, double quantile)
    {
        var index = (int)Math.Ceiling(quantile * sorted.Length) - 1;
        return Math.Round(sorted[Math.Clamp(index, 0, sorted.Length - 1)], 3);
    }
}
