using System.Globalization;
using System.Text.RegularExpressions;

namespace ColdMail.Domains;

/// <summary>
/// A domain's daily sending window, read on the wall clock of its time zone: open from the start
/// (inclusive) to the end (exclusive), across midnight when the end comes before the start. Reading
/// the local clock keeps the window at the same local hours on both sides of a DST change.
/// </summary>
public sealed partial record SendingHours(TimeOnly Start, TimeOnly End, TimeZoneInfo Zone)
{
    public bool IsOpenAt(DateTimeOffset now) => Contains(LocalTime(now));

    /// <summary>The first instant at or after <paramref name="now"/> at which the window is open.</summary>
    public DateTimeOffset NextOpening(DateTimeOffset now)
    {
        if (IsOpenAt(now))
        {
            return now;
        }
        var local = TimeZoneInfo.ConvertTime(now, Zone).DateTime;
        var day = DateOnly.FromDateTime(local);
        if (TimeOnly.FromDateTime(local) >= Start)
        {
            day = day.AddDays(1);
        }
        return FirstInstantAt(day.ToDateTime(Start), now);
    }

    /// <summary>The window of a domain, or null when it has none.</summary>
    /// <exception cref="TimeZoneNotFoundException">The stored zone is not on this system.</exception>
    public static SendingHours? Of(Storage.Entities.Domain domain) =>
        domain is { SendingHoursStart: { } start, SendingHoursEnd: { } end }
            ? new SendingHours(start, end, FindZone(domain.SendingTimeZone))
            : null;

    /// <summary>
    /// An IANA zone from the system's tz database; null is UTC. .NET reads /usr/share/zoneinfo on
    /// Linux itself, so this works with invariant globalization (only Windows ids need ICU).
    /// </summary>
    public static TimeZoneInfo FindZone(string? id)
    {
        if (id is null)
        {
            return TimeZoneInfo.Utc;
        }
        // Only the characters of IANA ids reach the file system lookup.
        if (id.Length > 64 || !ZoneIdPattern().IsMatch(id))
        {
            throw new TimeZoneNotFoundException($"'{id}' is not an IANA time zone id.");
        }
        return TimeZoneInfo.FindSystemTimeZoneById(id);
    }

    /// <summary>Parses HH:MM-HH:MM; the end may be 24:00 for midnight.</summary>
    public static bool TryParse(string text, out TimeOnly start, out TimeOnly end)
    {
        start = end = default;
        var match = RangePattern().Match(text.Trim());
        if (!match.Success || !TryTime(match.Groups[1].Value, out start))
        {
            return false;
        }
        if (match.Groups[2].Value == "24:00")
        {
            end = TimeOnly.MinValue;
            return true;
        }
        return TryTime(match.Groups[2].Value, out end);
    }

    public static string Show(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    public override string ToString() => $"{Show(Start)}-{Show(End)} {Zone.Id}";

    private bool Contains(TimeOnly time) => Start < End
        ? time >= Start && time < End
        : time >= Start || time < End;

    private TimeOnly LocalTime(DateTimeOffset now) =>
        TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);

    private DateTimeOffset FirstInstantAt(DateTime local, DateTimeOffset now)
    {
        if (Zone.IsAmbiguousTime(local))
        {
            // The clock shows this time twice after a fall-back (the larger offset comes first);
            // when the first has passed, the window opens again at the second.
            var instants = Zone.GetAmbiguousTimeOffsets(local).OrderDescending()
                .Select(offset => new DateTimeOffset(local, offset)).ToList();
            return instants.Where(instant => instant > now).DefaultIfEmpty(instants[^1]).First();
        }
        if (!Zone.IsInvalidTime(local))
        {
            return new DateTimeOffset(local, Zone.GetUtcOffset(local));
        }
        // A spring-forward gap skips this time: the window opens when the clock jumps over it,
        // which lies between the instants the offsets after and before the jump would give.
        var after = Zone.GetUtcOffset(local.AddHours(12));
        var before = Zone.GetUtcOffset(local.AddHours(-12));
        var instant = new DateTimeOffset(local - after, TimeSpan.Zero);
        var last = new DateTimeOffset(local - before, TimeSpan.Zero);
        while (instant < last && TimeZoneInfo.ConvertTime(instant, Zone).Offset != after)
        {
            instant = instant.AddMinutes(1);
        }
        return instant;
    }

    private static bool TryTime(string text, out TimeOnly time) => TimeOnly.TryParseExact(
        text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    [GeneratedRegex(@"^([0-9]{2}:[0-9]{2})-([0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex RangePattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ZoneIdPattern();
}
