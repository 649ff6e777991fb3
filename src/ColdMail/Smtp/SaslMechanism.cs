namespace ColdMail.Smtp;

/// <summary>The SASL mechanisms offered under TLS: PLAIN (RFC 4616) and the customary LOGIN.</summary>
public enum SaslMechanism
{
    Plain,
    Login,
}
