using ColdMail.Workspaces;

namespace ColdMail.Policy;

/// <summary>
/// What of an AUTH user name the operator's log may show. People paste keys into the wrong field,
/// so a name that is not an address, or that carries a secret's prefix, is replaced by a
/// placeholder.
/// </summary>
internal static class LoginName
{
    public const string NotAnAddress = "(not a mailbox address)";

    public const string Redacted = "(redacted: looks like a secret)";

    /// <param name="address">The name in normalised form, null when it is not an address.</param>
    public static string ForLog(string? address)
    {
        if (address is null)
        {
            return NotAnAddress;
        }
        return address.Contains(SecretToken.AuthKeyPrefix, StringComparison.OrdinalIgnoreCase)
            || address.Contains(SecretToken.ApiTokenPrefix, StringComparison.OrdinalIgnoreCase)
            ? Redacted
            : address;
    }
}
