using ColdMail.Common;
using ColdMail.Logs;

namespace ColdMail.Tests.Logs;

public sealed class TimeBoundTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("45s", 0, 0, 45)]
    [InlineData("30m", 0, 30, 0)]
    [InlineData("1h", 1, 0, 0)]
    [InlineData("2d", 48, 0, 0)]
    [InlineData("1w", 168, 0, 0)]
    public void An_age_counts_back_from_now(string text, int hours, int minutes, int seconds)
    {
        Assert.Equal(Now - new TimeSpan(hours, minutes, seconds), TimeBound.Parse(text, Now));
    }

    [Theory]
    [InlineData("2026-03-01T08:30:00Z", "2026-03-01T08:30:00Z")]
    [InlineData("2026-03-01T10:30:00+02:00", "2026-03-01T08:30:00Z")]
    [InlineData("2026-03-01T08:30:00", "2026-03-01T08:30:00Z")]
    [InlineData("2026-03-01", "2026-03-01T00:00:00Z")]
    public void An_iso_8601_moment_is_read_as_utc_when_it_names_no_offset(string text, string expected)
    {
        var parsed = TimeBound.Parse(text, Now);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), parsed);
        Assert.Equal(TimeSpan.Zero, parsed.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("h")]
    [InlineData("-1h")]
    [InlineData("1.5h")]
    [InlineData("1y")]
    [InlineData("99999999999999999d")]
    [InlineData("yesterday")]
    public void Other_text_is_refused(string text)
    {
        Assert.Throws<ResourceException>(() => TimeBound.Parse(text, Now));
    }
}
