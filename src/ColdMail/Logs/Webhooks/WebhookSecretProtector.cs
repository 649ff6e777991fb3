using Microsoft.AspNetCore.DataProtection;

namespace ColdMail.Logs.Webhooks;

/// <summary>
/// Webhook signing secrets must be readable to sign with, so they cannot be hashed: they are encrypted at rest
/// with the installation's data-protection key ring, like DKIM private keys.
/// </summary>
public sealed class WebhookSecretProtector(IDataProtectionProvider provider)
{
    // A purpose of its own, so nothing protected for another use can be read as a webhook secret.
    private readonly IDataProtector _protector = provider.CreateProtector("ColdMail.Webhooks.Secret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
