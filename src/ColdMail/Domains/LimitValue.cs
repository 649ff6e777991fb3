namespace ColdMail.Domains;

/// <summary>A new value for a cap: a number, or none to remove the cap.</summary>
public readonly record struct LimitValue(int? Value)
{
    public static LimitValue None => new(null);

    public override string ToString() => Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
}
