namespace ColdMail.Logs.Webhooks;

/// <summary>
/// When a failed POST is tried again: 30 s, 2 min, 10 min, 1 h, then doubling up to 24 h; after the
/// 24 h wait has also failed the delivery is given up (ten attempts over about two days).
/// </summary>
public static class WebhookBackoff
{
    private static readonly TimeSpan[] Delays =
    [
        TimeSpan.FromSeconds(30),
        TimeSpan.FromMinutes(2),
        TimeSpan.FromMinutes(10),
        TimeSpan.FromHours(1),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(4),
        TimeSpan.FromHours(8),
        TimeSpan.FromHours(16),
        TimeSpan.FromHours(24),
    ];

    public static int MaxAttempts => Delays.Length + 1;

    /// <summary>The wait after the given number of failed attempts, or null when it is time to give up.</summary>
    public static TimeSpan? After(int failedAttempts)
        => failedAttempts >= 1 && failedAttempts <= Delays.Length ? Delays[failedAttempts - 1] : null;
}
