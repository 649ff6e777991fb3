using ColdMail.Common;
using ColdMail.Storage.Entities;

namespace ColdMail.Workspaces;

/// <summary>The names of <see cref="Role"/> as people type and read them.</summary>
public static class Roles
{
    public static readonly IReadOnlyList<Role> All = [Role.Owner, Role.Admin, Role.Sender, Role.Viewer];

    public static string Name(Role role) => role.ToString().ToLowerInvariant();

    /// <summary>
    /// Parses a role by name, ignoring case. Numbers are refused although enum parsing would take them:
    /// "0" granting ownership by accident is the kind of mistake a role name must not allow.
    /// </summary>
    public static Role Parse(string? text)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        foreach (var role in All)
        {
            if (string.Equals(Name(role), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return role;
            }
        }
        throw ResourceException.Invalid(
            $"'{trimmed}' is not a role; use one of {string.Join(", ", All.Select(Name))}.");
    }
}
