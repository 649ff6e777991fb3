namespace ColdMail.Configuration;

public sealed class DnsOptions
{
    /// <summary>Resolvers as host:port; empty means the system's resolvers.</summary>
    public List<string> Servers { get; set; } = [];
}
