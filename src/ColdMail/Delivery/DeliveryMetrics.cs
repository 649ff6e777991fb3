using System.Diagnostics.Metrics;

namespace ColdMail.Delivery;

/// <summary>Delivery counters beside the log, labelled so a dashboard can group by outcome and class.</summary>
public static class DeliveryMetrics
{
    public const string MeterName = "ColdMail.Delivery";
    public const string AttemptsName = "coldmail.delivery.attempts";
    public const string SuppressionsName = "coldmail.delivery.suppressions";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Attempts = Meter.CreateCounter<long>(AttemptsName,
        description: "Recipient delivery attempts by outcome.");

    private static readonly Counter<long> Suppressions = Meter.CreateCounter<long>(SuppressionsName,
        description: "Addresses suppressed after a hard bounce.");

    public static void Attempt(DeliveryOutcome outcome)
    {
        var bounceClass = outcome is Bounced bounced ? bounced.Class.ToString().ToLowerInvariant() : "none";
        Attempts.Add(1,
            new KeyValuePair<string, object?>("outcome", outcome.Event),
            new KeyValuePair<string, object?>("stage", outcome.Result.Stage.ToString().ToLowerInvariant()),
            new KeyValuePair<string, object?>("code", outcome.Result.Code),
            new KeyValuePair<string, object?>("bounce_class", bounceClass),
            new KeyValuePair<string, object?>("tls", outcome.Result.Tls));
    }

    public static void Suppressed(int count)
    {
        if (count > 0)
        {
            Suppressions.Add(count);
        }
    }
}
