using ColdMail.Domains;
using ColdMail.Storage.Entities;

namespace ColdMail.Cli;

/// <summary>How the domain verbs print for a person.</summary>
internal static class DomainText
{
    public static void Records(CliContext context, IEnumerable<PublishedRecord> records)
    {
        foreach (var record in records)
        {
            context.Out.WriteLine($"{record.Type,-5} {record.Name}");
            context.Out.WriteLine($"      {record.Value}");
            context.Out.WriteLine($"      {record.Purpose}");
        }
    }

    public static void Details(CliContext context, DomainDetails details)
    {
        var d = details.Domain;
        context.Out.WriteLine($"Domain    {d.Name}");
        context.Out.WriteLine($"State     {State(d)}");
        context.Out.WriteLine($"Paused    {Pause(d)}");
        context.Out.WriteLine($"Limits    {Limits(d)}");
        context.Out.WriteLine($"Unsub     {(d.OneClickUnsubscribe ? "one-click link added" : "off")}");
        context.Out.WriteLine($"Checked   {(d.LastCheckedAt is { } at ? at.ToString("u") : "never")}");
        context.Out.WriteLine();
        context.WriteTable(["RECORD", "STATUS", "FOUND"],
            details.Checks.Select(c => new[] { c.Kind, c.Status, c.Found }));
        context.Out.WriteLine();
        context.WriteTable(["SELECTOR", "STATE", "CREATED", "ACTIVATED", "RETIRED"],
            details.Keys.Select(k => new[]
            {
                k.Selector, k.State.ToString().ToLowerInvariant(), k.CreatedAt.ToString("u"),
                k.ActivatedAt?.ToString("u"), k.RetiredAt?.ToString("u"),
            }));
    }

    public static string State(Domain d) => d.VerificationState switch
    {
        DomainVerificationState.Verified => $"verified since {d.VerifiedAt:u}",
        DomainVerificationState.Failing => $"failing since {d.FailingSince:u}",
        _ => "pending: publish the records and run 'coldmail domain verify " + d.Name + "'",
    };

    public static string Pause(Domain d) => d.PausedAt is { } at
        ? $"since {at:u} by {d.PausedBy}" + (d.PauseReason is null ? string.Empty : $": {d.PauseReason}")
        : "no";

    public static string Limits(Domain d)
    {
        var warmup = d.WarmupStart is { } start ? $"{start} on day one, +{d.WarmupStep} a day" : "none";
        return $"hourly {Cap(d.HourlyLimit)}, daily {Cap(d.DailyLimit)}, " +
            $"per mailbox {d.MailboxDailyLimit} a day, warm-up {warmup}, sending hours {Hours(d)}";
    }

    private static string Hours(Domain d) => d is { SendingHoursStart: { } start, SendingHoursEnd: { } end }
        ? $"{SendingHours.Show(start)}-{SendingHours.Show(end)} {d.SendingTimeZone ?? "UTC"}"
        : "any" + (d.SendingTimeZone is { } zone ? $" (time zone {zone})" : string.Empty);

    private static string Cap(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture)
        ?? "none";
}
