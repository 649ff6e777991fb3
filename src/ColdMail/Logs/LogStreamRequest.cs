using System.Globalization;
using ColdMail.Common;

namespace ColdMail.Logs;

/// <summary>
/// What a client asks of the live log stream: the filters of <c>coldmail logs</c> under the same names
/// (time bounds aside: a live stream has no end), and the entry id to resume after, if any.
/// </summary>
public sealed record LogStreamRequest(EmailLogFilter Filter, long? After)
{
    public const string AfterParameter = "after";

    /// <summary>The header a reconnecting EventSource sends with the id of the last event it received.</summary>
    public const string LastEventIdHeader = "Last-Event-ID";

    private static readonly string[] FilterParameters =
    [
        EmailLogFilterText.DomainParameter,
        EmailLogFilterText.MailboxParameter,
        EmailLogFilterText.RecipientParameter,
        EmailLogFilterText.MessageParameter,
        EmailLogFilterText.EventParameter,
        EmailLogFilterText.CodeParameter,
    ];

    /// <summary>Reads the query and headers; a bad value throws with the parameter named.</summary>
    public static LogStreamRequest Parse(HttpRequest request, DateTimeOffset now)
    {
        foreach (var (name, values) in request.Query)
        {
            // A misspelt filter must not quietly widen the stream to everything.
            if (!name.Equals(AfterParameter, StringComparison.OrdinalIgnoreCase)
                && !FilterParameters.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw ResourceException.Invalid(
                    $"'{name}' is not a parameter of the live stream; it takes " +
                    $"{string.Join(", ", FilterParameters)} and {AfterParameter}.").In(name);
            }
            if (values.Count > 1)
            {
                throw ResourceException.Invalid($"'{name}' is given more than once.").In(name);
            }
        }

        string? Value(string name) => request.Query[name] is { Count: 1 } values ? values[0] : null;
        var filter = new EmailLogFilterText(
            Value(EmailLogFilterText.DomainParameter),
            Value(EmailLogFilterText.MailboxParameter),
            Value(EmailLogFilterText.RecipientParameter),
            Value(EmailLogFilterText.MessageParameter),
            Value(EmailLogFilterText.EventParameter),
            Value(EmailLogFilterText.CodeParameter)).Parse(now);
        // The header wins: an EventSource reconnects to the same URL, ?after= and all, and says in the
        // header how far it got since.
        var after = Id(request.Headers[LastEventIdHeader], LastEventIdHeader)
            ?? Id(request.Query[AfterParameter], AfterParameter);
        return new LogStreamRequest(filter, after);
    }

    private static long? Id(Microsoft.Extensions.Primitives.StringValues values, string parameter)
    {
        if (values.Count == 0 || (values.Count == 1 && string.IsNullOrEmpty(values[0])))
        {
            return null;
        }
        return values.Count == 1
            && long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw ResourceException.Invalid(
                $"'{parameter}' must be the id of an entry of the log, a whole number of 0 or more.").In(parameter);
    }
}
