using ColdMail.Configuration;
using Microsoft.Extensions.Options;

namespace ColdMail.Delivery;

/// <summary>Turns an attempt's result into the recipient's next state: done, again later, or given up.</summary>
public sealed class RetryPolicy(IOptions<ColdMailOptions> options)
{
    private readonly DeliveryOptions _options = options.Value.Delivery;

    /// <param name="result">What the attempt ended with.</param>
    /// <param name="attempt">1 for the first attempt, 2 for the second …</param>
    /// <param name="acceptedAt">When the message was accepted; its age counts from there.</param>
    /// <param name="now">When the attempt ended.</param>
    public DeliveryOutcome Decide(AttemptResult result, int attempt, DateTimeOffset acceptedAt, DateTimeOffset now)
    {
        if (result.IsDelivered)
        {
            return new Delivered(result);
        }
        if (result.IsPermanent)
        {
            return new Bounced(result, BounceClassifier.Classify(result));
        }

        // RFC 5321 §4.5.4.1: retry until the give-up time, then report failure.
        var deadline = acceptedAt + TimeSpan.FromHours(_options.MaxAgeHours);
        if (now >= deadline)
        {
            return new Expired(result);
        }
        var schedule = _options.EffectiveRetrySchedule;
        var wait = schedule[Math.Clamp(attempt - 1, 0, schedule.Count - 1)];
        // The last retry falls on the deadline itself rather than being skipped.
        var next = now + wait < deadline ? now + wait : deadline;
        return new Deferred(result, next);
    }
}
