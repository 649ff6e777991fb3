using ColdMail.Logs;
using ColdMail.Storage.Entities;

namespace ColdMail.Delivery;

/// <summary>Where one recipient stands after an attempt, with the result that put it there.</summary>
public abstract record DeliveryOutcome(AttemptResult Result)
{
    public abstract RecipientState State { get; }

    /// <summary>The email log event this outcome writes.</summary>
    public abstract string Event { get; }
}

/// <summary>The receiving server took responsibility for the message (RFC 5321 §4.1.1.4).</summary>
public sealed record Delivered(AttemptResult Result) : DeliveryOutcome(Result)
{
    public override RecipientState State => RecipientState.Delivered;

    public override string Event => EmailEvents.Delivered;
}

/// <summary>A temporary failure: tried again at <see cref="NextAttemptAt"/>.</summary>
public sealed record Deferred(AttemptResult Result, DateTimeOffset NextAttemptAt) : DeliveryOutcome(Result)
{
    public override RecipientState State => RecipientState.Deferred;

    public override string Event => EmailEvents.Deferred;
}

/// <summary>A permanent failure; a <see cref="BounceClass.Recipient"/> bounce suppresses the address.</summary>
public sealed record Bounced(AttemptResult Result, BounceClass Class) : DeliveryOutcome(Result)
{
    public override RecipientState State => RecipientState.Bounced;

    public override string Event => EmailEvents.Bounced;
}

/// <summary>Temporary failures until the message grew older than <c>Delivery:MaxAgeHours</c>.</summary>
public sealed record Expired(AttemptResult Result) : DeliveryOutcome(Result)
{
    public override RecipientState State => RecipientState.Expired;

    public override string Event => EmailEvents.Expired;
}
