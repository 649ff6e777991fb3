namespace ColdMail.Configuration;

public sealed class DeliveryOptions
{
    /// <summary>The port of recipients' MX hosts: 25 (RFC 5321 §4.5.4); another value only in test labs.</summary>
    public int RemotePort { get; set; } = 25;
}
