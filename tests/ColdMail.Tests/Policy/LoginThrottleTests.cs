using System.Net;
using ColdMail.Configuration;
using ColdMail.Policy;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ColdMail.Tests.Policy;

public sealed class LoginThrottleTests
{
    [Theory]
    [InlineData("192.0.2.1", "192.0.2.1")]
    [InlineData("::ffff:192.0.2.1", "192.0.2.1")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    public void IPv6_clients_are_counted_per_64_block_and_IPv4_per_address(string address, string key)
        => Assert.Equal(key, LoginThrottle.AddressKey(IPAddress.Parse(address)));

    [Fact]
    public void The_window_slides_each_failure_ages_out_on_its_own()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
        var smtp = new SmtpOptions
        {
            MaxAuthFailuresPerAddress = 2,
            MaxAuthFailuresPerUser = 99,
            AuthFailureWindowSeconds = 60,
        };
        var throttle = new LoginThrottle(time, Options.Create(new ColdMailOptions { Smtp = smtp }));
        var client = IPAddress.Parse("2001:db8::7");

        var first = throttle.RecordFailure(client, "a@acme.com");
        time.Advance(TimeSpan.FromSeconds(40));
        var second = throttle.RecordFailure(IPAddress.Parse("2001:db8::8"), "b@acme.com");
        var blocked = throttle.RetryAfter(client, "c@acme.com");
        time.Advance(TimeSpan.FromSeconds(20));
        var oneAgedOut = throttle.RetryAfter(client, "c@acme.com");

        Assert.Equal((false, true), (first, second));
        Assert.Equal(TimeSpan.FromSeconds(20), blocked);
        Assert.Null(oneAgedOut);
    }
}
