namespace ColdMail.Delivery;

/// <summary>Where a recipient domain takes mail, or why it cannot be known or reached.</summary>
public abstract record MxLookup
{
    /// <summary>Hosts in the order to try them.</summary>
    public sealed record Hosts(IReadOnlyList<MxHost> List) : MxLookup;

    /// <summary>The domain declares it accepts no mail (RFC 7505).</summary>
    public sealed record NullMx : MxLookup;

    /// <summary>The domain does not exist, or has neither MX nor address records (RFC 5321 §5.1).</summary>
    public sealed record NoMailDomain(string Detail) : MxLookup;

    /// <summary>DNS did not answer usefully this time.</summary>
    public sealed record TemporaryFailure(string Detail) : MxLookup;
}

/// <summary>One mail exchanger; <see cref="Implicit"/> when the domain itself stands in for a missing MX.</summary>
public sealed record MxHost(string Name, int Preference, bool Implicit = false);
