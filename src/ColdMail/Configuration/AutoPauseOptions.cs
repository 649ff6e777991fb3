namespace ColdMail.Configuration;

/// <summary>
/// When a domain pauses itself: its hard-bounce or sender-block rate over a rolling window, once the window
/// holds enough final outcomes to judge (<c>ColdMail:Domains:AutoPause</c>).
/// </summary>
public sealed class AutoPauseOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Hours of outcomes counted. A day follows the daily rhythm of campaigns and of daily caps.</summary>
    public int WindowHours { get; set; } = 24;

    /// <summary>
    /// Final outcomes (delivered or bounced) the window must hold before a rate is judged. Below about 50, one
    /// stale address moves the rate by whole points; at 50 the 5% threshold takes three hard bounces, and 50
    /// is one mailbox's usual daily cap, so one mailbox's day is enough to judge.
    /// </summary>
    public int MinimumSample { get; set; } = 50;

    /// <summary>
    /// Share of hard bounces (the address does not exist) that pauses the domain; the 5%. Lists that
    /// bounce this often look harvested to receivers, and reputation falls fast above it.
    /// </summary>
    public decimal HardBounceThreshold { get; set; } = 0.05m;

    /// <summary>
    /// Share of sender blocks (refused for policy or reputation) that pauses the domain. Lower than the
    /// hard-bounce threshold: a block is a receiver's verdict on the sender, not on a stale list, and each
    /// more message it refuses deepens the verdict.
    /// </summary>
    public decimal SenderBlockThreshold { get; set; } = 0.03m;

    public TimeSpan Window => TimeSpan.FromHours(WindowHours);
}
