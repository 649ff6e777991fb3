namespace ColdMail.Dkim;

/// <summary>A domain's key that signs outgoing mail, with the private key in PKCS#8 form.</summary>
public sealed record DkimSigningKey(string Domain, string Selector, string Algorithm, byte[] Pkcs8PrivateKey);
