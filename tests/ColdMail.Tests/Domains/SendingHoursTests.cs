using ColdMail.Domains;

namespace ColdMail.Tests.Domains;

public sealed class SendingHoursTests
{
    [Theory]
    // Berlin in winter is UTC+1: 10:00Z is 11:00 local.
    [InlineData("09:00-17:00", "Europe/Berlin", "2026-01-15T10:00:00Z", true, "2026-01-15T10:00:00Z")]
    [InlineData("09:00-17:00", "Europe/Berlin", "2026-01-15T08:00:00Z", true, "2026-01-15T08:00:00Z")]
    [InlineData("09:00-17:00", "Europe/Berlin", "2026-01-15T07:59:59Z", false, "2026-01-15T08:00:00Z")]
    [InlineData("09:00-17:00", "Europe/Berlin", "2026-01-15T16:00:00Z", false, "2026-01-16T08:00:00Z")]
    [InlineData("09:00-17:00", "Europe/Berlin", "2026-01-15T15:59:59Z", true, "2026-01-15T15:59:59Z")]
    [InlineData("09:00-17:00", "Europe/Berlin", "2026-01-15T23:30:00Z", false, "2026-01-16T08:00:00Z")]
    [InlineData("22:00-06:00", "Europe/Berlin", "2026-01-15T21:00:00Z", true, "2026-01-15T21:00:00Z")]
    [InlineData("22:00-06:00", "Europe/Berlin", "2026-01-15T23:30:00Z", true, "2026-01-15T23:30:00Z")]
    [InlineData("22:00-06:00", "Europe/Berlin", "2026-01-16T04:59:00Z", true, "2026-01-16T04:59:00Z")]
    [InlineData("22:00-06:00", "Europe/Berlin", "2026-01-16T05:00:00Z", false, "2026-01-16T21:00:00Z")]
    [InlineData("09:00-24:00", "UTC", "2026-01-15T23:59:00Z", true, "2026-01-15T23:59:00Z")]
    [InlineData("09:00-24:00", "UTC", "2026-01-16T00:00:00Z", false, "2026-01-16T09:00:00Z")]
    // 2026-03-29: Berlin springs from 02:00 CET to 03:00 CEST at 01:00Z.
    [InlineData("09:00-17:00", "Europe/Berlin", "2026-03-28T16:00:00Z", false, "2026-03-29T07:00:00Z")]
    [InlineData("09:00-17:00", "Europe/Berlin", "2026-03-29T07:30:00Z", true, "2026-03-29T07:30:00Z")]
    [InlineData("09:00-17:00", "Europe/Berlin", "2026-03-29T15:00:00Z", false, "2026-03-30T07:00:00Z")]
    [InlineData("02:30-05:00", "Europe/Berlin", "2026-03-29T00:30:00Z", false, "2026-03-29T01:00:00Z")]
    // 2026-10-25: Berlin falls from 03:00 CEST back to 02:00 CET at 01:00Z; 02:30 comes twice.
    [InlineData("02:30-05:00", "Europe/Berlin", "2026-10-25T00:00:00Z", false, "2026-10-25T00:30:00Z")]
    [InlineData("02:30-05:00", "Europe/Berlin", "2026-10-25T01:15:00Z", false, "2026-10-25T01:30:00Z")]
    [InlineData("09:00-17:00", "Europe/Berlin", "2026-10-25T07:59:00Z", false, "2026-10-25T08:00:00Z")]
    [InlineData("09:00-17:00", "America/New_York", "2026-01-15T14:00:00Z", true, "2026-01-15T14:00:00Z")]
    public void The_window_is_read_on_the_zones_local_clock(
        string window,
        string zone,
        string now,
        bool open,
        string nextOpening)
    {
        Assert.True(SendingHours.TryParse(window, out var start, out var end));
        var hours = new SendingHours(start, end, SendingHours.FindZone(zone));
        var instant = DateTimeOffset.Parse(now);

        Assert.Equal(open, hours.IsOpenAt(instant));
        Assert.Equal(DateTimeOffset.Parse(nextOpening), hours.NextOpening(instant));
    }

    [Theory]
    [InlineData("9:00-17:00")]
    [InlineData("09:00-25:00")]
    [InlineData("09:60-17:00")]
    [InlineData("24:00-06:00")]
    [InlineData("09:00 - 17:00")]
    [InlineData("09:00")]
    [InlineData("")]
    public void A_malformed_window_does_not_parse(string text)
    {
        Assert.False(SendingHours.TryParse(text, out _, out _));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("../../etc/passwd")]
    [InlineData("/usr/share/zoneinfo/UTC")]
    [InlineData("W. Europe Standard Time")]
    public void An_id_that_is_no_IANA_zone_is_not_found(string id)
    {
        Assert.ThrowsAny<TimeZoneNotFoundException>(() => SendingHours.FindZone(id));
    }

    [Fact]
    public void No_zone_means_UTC()
    {
        Assert.Equal(TimeZoneInfo.Utc, SendingHours.FindZone(null));
    }
}
