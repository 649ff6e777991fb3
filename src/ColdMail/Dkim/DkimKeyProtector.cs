using Microsoft.AspNetCore.DataProtection;

namespace ColdMail.Dkim;

/// <summary>
/// Encrypts DKIM private keys at rest with the installation's data-protection key ring, which lives in the
/// data directory so that <c>serve</c> and every admin verb read each other's keys.
/// </summary>
public sealed class DkimKeyProtector(IDataProtectionProvider provider)
{
    /// <summary>The application name every process of one installation shares; changing it orphans every key.</summary>
    public const string ApplicationName = "ColdMail";

    /// <summary>The key-ring folder under the data directory.</summary>
    public const string KeyRingFolder = "keys";

    // A purpose of its own, so that data protected for another use can never be read as a DKIM key.
    private readonly IDataProtector _protector = provider.CreateProtector("ColdMail.Dkim.PrivateKey.v1");

    public byte[] Protect(byte[] pkcs8PrivateKey) => _protector.Protect(pkcs8PrivateKey);

    public byte[] Unprotect(byte[] protectedPrivateKey) => _protector.Unprotect(protectedPrivateKey);
}
