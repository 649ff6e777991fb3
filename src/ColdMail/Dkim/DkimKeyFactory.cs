using System.Security.Cryptography;
using ColdMail.Storage.Entities;

namespace ColdMail.Dkim;

/// <summary>Makes a domain's DKIM key pairs; the private half leaves only encrypted.</summary>
public sealed class DkimKeyFactory(DkimKeyProtector protector, TimeProvider time)
{
    /// <summary>RFC 8301 section 3.2: signers must use at least 1024 bits and should use 2048.</summary>
    public const int RsaKeyBits = 2048;

    public const string RsaAlgorithm = "rsa-sha256";

    /// <summary>A new Pending key under a selector not yet used by the domain.</summary>
    public DkimKey Create(Guid domainId, IReadOnlyCollection<string> takenSelectors)
    {
        var now = time.GetUtcNow();
        using var rsa = RSA.Create(RsaKeyBits);
        var pkcs8 = rsa.ExportPkcs8PrivateKey();
        try
        {
            return new DkimKey
            {
                Id = Guid.CreateVersion7(),
                DomainId = domainId,
                Selector = DkimSelector.Next(now, takenSelectors),
                Algorithm = RsaAlgorithm,
                ProtectedPrivateKey = protector.Protect(pkcs8),
                PublicKey = Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()),
                State = DkimKeyState.Pending,
                CreatedAt = now,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }
}
