namespace ColdMail.Bench;

/// <summary>Where and how every session connects.</summary>
internal sealed record SessionTarget(string Host, int Port, TlsMode Tls, string HeloName);
