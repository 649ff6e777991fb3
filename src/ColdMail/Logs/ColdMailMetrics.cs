using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ColdMail.Logs;

/// <summary>
/// The counters behind <c>/metrics</c>: what the log records, counted as it happens, labelled by sending
/// domain so a dashboard can group by it. One instance per host; every area records through it.
/// </summary>
public sealed class ColdMailMetrics
{
    public const string MeterName = "ColdMail";

    public const string MessagesAccepted = "coldmail.messages.accepted";
    public const string MessagesRejected = "coldmail.messages.rejected";
    public const string RecipientsDelivered = "coldmail.recipients.delivered";
    public const string RecipientsDeferred = "coldmail.recipients.deferred";
    public const string RecipientsBounced = "coldmail.recipients.bounced";
    public const string RecipientsExpired = "coldmail.recipients.expired";

    public const string DomainLabel = "domain";
    public const string ClassLabel = "class";

    /// <summary>The label value when a refusal came before the sender's domain was known.</summary>
    public const string UnknownDomain = "unknown";

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _deferred;
    private readonly Counter<long> _bounced;
    private readonly Counter<long> _expired;

    public ColdMailMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _accepted = meter.CreateCounter<long>(MessagesAccepted, "{message}", "Messages accepted for delivery.");
        _rejected = meter.CreateCounter<long>(MessagesRejected, "{message}", "Submissions refused with a reply.");
        _delivered = meter.CreateCounter<long>(RecipientsDelivered, "{recipient}", "Recipients delivered.");
        _deferred = meter.CreateCounter<long>(RecipientsDeferred, "{recipient}", "Delivery attempts deferred.");
        _bounced = meter.CreateCounter<long>(RecipientsBounced, "{recipient}", "Recipients bounced, by class.");
        _expired = meter.CreateCounter<long>(RecipientsExpired, "{recipient}", "Recipients given up on.");
    }

    // Callers pass the sending domain of the installation, never a name a client typed: every distinct
    // value is a time series kept in memory, so an open label would let a client grow it without bound.
    public void RecordAccepted(string domain) => _accepted.Add(1, Domain(domain));

    public void RecordRejected(string? domain) => _rejected.Add(1, Domain(domain));

    public void RecordDelivered(string domain) => _delivered.Add(1, Domain(domain));

    public void RecordDeferred(string domain) => _deferred.Add(1, Domain(domain));

    public void RecordExpired(string domain) => _expired.Add(1, Domain(domain));

    public void RecordBounced(string domain, BounceKind kind)
    {
        var tags = new TagList
        {
            { DomainLabel, Label(domain) },
            { ClassLabel, BounceKinds.Name(kind) },
        };
        _bounced.Add(1, tags);
    }

    private static KeyValuePair<string, object?> Domain(string? domain) => new(DomainLabel, Label(domain));

    private static string Label(string? domain)
        => string.IsNullOrWhiteSpace(domain) ? UnknownDomain : domain.Trim().ToLowerInvariant();
}
