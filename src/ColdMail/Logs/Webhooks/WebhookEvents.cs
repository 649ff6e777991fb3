using ColdMail.Common;

namespace ColdMail.Logs.Webhooks;

/// <summary>The email log events a webhook may subscribe to, and the parsing of a subscription list.</summary>
public static class WebhookEvents
{
    public static readonly IReadOnlyList<string> All =
        [EmailEvents.Delivered, EmailEvents.Bounced, EmailEvents.Deferred, EmailEvents.Rejected];

    public static string DefaultList => string.Join(',', All);

    /// <summary>The distinct names in a comma-separated list, in canonical order; refuses unknown names.</summary>
    public static IReadOnlyList<string> Parse(string list)
    {
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);
        var unknown = names.Where(n => !All.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            throw ResourceException.Invalid(
                $"'{unknown[0]}' is not a webhook event; use any of {string.Join(", ", All)}.");
        }
        if (names.Count == 0)
        {
            throw ResourceException.Invalid($"Name at least one event: {string.Join(", ", All)}.");
        }
        return All.Where(names.Contains).ToList();
    }
}
