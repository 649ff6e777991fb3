namespace ColdMail.Storage.Entities;

/// <summary>A DKIM key pair of a domain; the private half is stored encrypted.</summary>
public sealed class DkimKey
{
    public Guid Id { get; set; }

    public Guid DomainId { get; set; }

    public required string Selector { get; set; }

    /// <summary><c>rsa-sha256</c> or <c>ed25519-sha256</c>.</summary>
    public required string Algorithm { get; set; }

    /// <summary>The private key (PKCS#8), protected with the installation's data-protection key ring.</summary>
    public required byte[] ProtectedPrivateKey { get; set; }

    /// <summary>The public key as published in the <c>p=</c> tag (base64 SubjectPublicKeyInfo).</summary>
    public required string PublicKey { get; set; }

    public DkimKeyState State { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ActivatedAt { get; set; }

    public DateTimeOffset? RetiredAt { get; set; }
}
