using ColdMail.Dns.Spf;

namespace ColdMail.Tests.Dns;

public sealed class SpfEvaluatorTests
{
    [Theory]
    // ip4 and ip6, with prefixes and each qualifier (RFC 7208 sections 4.6.2 and 5.6).
    [InlineData("t.test TXT v=spf1 ip4:192.0.2.0/24 -all", "192.0.2.9", SpfResult.Pass)]
    [InlineData("t.test TXT v=spf1 ip4:192.0.2.0/24 -all", "198.51.100.1", SpfResult.Fail)]
    [InlineData("t.test TXT v=spf1 ip4:192.0.2.0/24 ~all", "198.51.100.1", SpfResult.SoftFail)]
    [InlineData("t.test TXT v=spf1 ip4:192.0.2.0/24 ?all", "198.51.100.1", SpfResult.Neutral)]
    [InlineData("t.test TXT v=spf1 ip4:192.0.2.0/24", "198.51.100.1", SpfResult.Neutral)]
    [InlineData("t.test TXT v=spf1 -ip4:192.0.2.9 +all", "192.0.2.9", SpfResult.Fail)]
    [InlineData("t.test TXT V=SPF1 IP4:192.0.2.9 -ALL", "192.0.2.9", SpfResult.Pass)]
    [InlineData("t.test TXT v=spf1 ip4:192.0.2.9/31 -all", "192.0.2.8", SpfResult.Pass)]
    [InlineData("t.test TXT v=spf1 ip6:2001:db8::/32 -all", "2001:db8:ff::5", SpfResult.Pass)]
    [InlineData("t.test TXT v=spf1 ip6:2001:db8::/32 -all", "192.0.2.9", SpfResult.Fail)]
    [InlineData("t.test TXT v=spf1 ip6:2001:db8::/33 -all", "2001:db8:8000::1", SpfResult.Fail)]
    [InlineData("t.test TXT v=spf1 ip4:192.0.2.9 -all", "::ffff:192.0.2.9", SpfResult.Pass)]
    // Record selection (section 4.5).
    [InlineData("t.test A 192.0.2.9", "192.0.2.9", SpfResult.None)]
    [InlineData("other.test TXT v=spf1 +all", "192.0.2.9", SpfResult.None)]
    [InlineData("t.test TXT v=spf10 +all || t.test TXT google-site-verification=x", "192.0.2.9", SpfResult.None)]
    [InlineData("t.test TXT v=spf1 +all || t.test TXT v=spf1 -all", "192.0.2.9", SpfResult.PermError)]
    // Syntax anywhere fails the whole record, even after a match (section 4.6).
    [InlineData("t.test TXT v=spf1 ip4:192.0.2.9 ip4:300.1.1.1 -all", "192.0.2.9", SpfResult.PermError)]
    [InlineData("t.test TXT v=spf1 ip4:192.0.2.9 foo:bar -all", "192.0.2.9", SpfResult.PermError)]
    [InlineData("t.test TXT v=spf1 ip4:192.0.2.9 include:localhost -all", "192.0.2.9", SpfResult.PermError)]
    [InlineData("t.test TXT v=spf1 ip4:192.0.2.9 redirect=a.test redirect=b.test", "192.0.2.9", SpfResult.PermError)]
    [InlineData("t.test TXT v=spf1 ip4:192.0.2.9 unknown-mod=x -all", "192.0.2.9", SpfResult.Pass)]
    // a and mx (sections 5.3 and 5.4), with dual prefixes.
    [InlineData("t.test TXT v=spf1 a -all || t.test A 192.0.2.9", "192.0.2.9", SpfResult.Pass)]
    [InlineData("t.test TXT v=spf1 a:h.test/24 -all || h.test A 192.0.2.1", "192.0.2.200", SpfResult.Pass)]
    [InlineData("t.test TXT v=spf1 a//64 -all || t.test AAAA 2001:db8:1::1", "2001:db8:1::abcd", SpfResult.Pass)]
    [InlineData("t.test TXT v=spf1 a -all || t.test AAAA 2001:db8:1::1", "192.0.2.9", SpfResult.Fail)]
    [InlineData("t.test TXT v=spf1 a:c.test -all || c.test CNAME h.test || h.test A 192.0.2.9", "192.0.2.9",
        SpfResult.Pass)]
    [InlineData("t.test TXT v=spf1 mx -all || t.test MX 10 mx1.test || mx1.test A 192.0.2.9", "192.0.2.9",
        SpfResult.Pass)]
    [InlineData("t.test TXT v=spf1 mx -all || t.test MX 10 mx1.test || mx1.test A 192.0.2.9", "192.0.2.10",
        SpfResult.Fail)]
    [InlineData("t.test TXT v=spf1 mx:m.test/24 -all || m.test MX 5 mx1.test || mx1.test A 192.0.2.1", "192.0.2.77",
        SpfResult.Pass)]
    // include (section 5.2): only a pass matches; none and errors become permerror.
    [InlineData("t.test TXT v=spf1 include:a.test -all || a.test TXT v=spf1 include:b.test -all " +
        "|| b.test TXT v=spf1 ip4:192.0.2.9 -all", "192.0.2.9", SpfResult.Pass)]
    [InlineData("t.test TXT v=spf1 include:a.test ~all || a.test TXT v=spf1 -all", "192.0.2.9", SpfResult.SoftFail)]
    [InlineData("t.test TXT v=spf1 include:a.test ~all || a.test A 192.0.2.9", "192.0.2.9", SpfResult.PermError)]
    [InlineData("t.test TXT v=spf1 include:a.test ~all || a.test TXT v=spf1 bad", "192.0.2.9", SpfResult.PermError)]
    [InlineData("t.test TXT v=spf1 include:t.test -all", "192.0.2.9", SpfResult.PermError)]
    // redirect (section 6.1): used only when nothing matched; a target without a record is permerror.
    [InlineData("t.test TXT v=spf1 redirect=r.test || r.test TXT v=spf1 ip4:192.0.2.9 -all", "192.0.2.9",
        SpfResult.Pass)]
    [InlineData("t.test TXT v=spf1 redirect=r.test || r.test TXT v=spf1 ip4:192.0.2.9 -all", "192.0.2.10",
        SpfResult.Fail)]
    [InlineData("t.test TXT v=spf1 -all redirect=r.test || r.test TXT v=spf1 +all", "192.0.2.9", SpfResult.Fail)]
    [InlineData("t.test TXT v=spf1 redirect=r.test || r.test A 192.0.2.9", "192.0.2.9", SpfResult.PermError)]
    [InlineData("t.test TXT v=spf1 redirect=a.test || a.test TXT v=spf1 redirect=t.test", "192.0.2.9",
        SpfResult.PermError)]
    // exists and macros (sections 5.7 and 7).
    [InlineData("t.test TXT v=spf1 exists:%{ir}.%{v}.list.test -all || 9.2.0.192.in-addr.list.test A 127.0.0.2",
        "192.0.2.9", SpfResult.Pass)]
    [InlineData("t.test TXT v=spf1 exists:%{ir}.%{v}.list.test -all || 9.2.0.192.in-addr.list.test A 127.0.0.2",
        "192.0.2.10", SpfResult.Fail)]
    [InlineData("t.test TXT v=spf1 exists:%{l}.users.%{d} -all || postmaster.users.t.test A 127.0.0.2",
        "192.0.2.10", SpfResult.Pass)]
    // Void lookups: two are tolerated, a third is permerror (section 4.6.4).
    [InlineData("t.test TXT v=spf1 a:v1.test a:v2.test ip4:192.0.2.9 -all", "192.0.2.9", SpfResult.Pass)]
    [InlineData("t.test TXT v=spf1 a:v1.test a:v2.test mx:v3.test ip4:192.0.2.9 -all", "192.0.2.9",
        SpfResult.PermError)]
    public async Task Check_host_follows_rfc_7208(string zone, string ip, SpfResult expected)
    {
        await using var dns = SpfZone.Load(zone);

        var outcome = await dns.CheckAsync(ip);

        Assert.True(expected == outcome.Result, $"expected {expected}, got {outcome.Result}: {outcome.Reason}");
    }

    [Theory]
    [InlineData(9, SpfResult.Pass)]
    [InlineData(10, SpfResult.PermError)]
    public async Task More_than_ten_lookups_is_a_permanent_error(int chain, SpfResult expected)
    {
        // t.test includes i1.test, which includes i2.test, …; the last lists the address.
        var zone = new List<string> { "t.test TXT v=spf1 include:i1.test -all" };
        for (var i = 1; i < chain; i++)
        {
            zone.Add($"i{i}.test TXT v=spf1 include:i{i + 1}.test -all");
        }
        zone.Add($"i{chain}.test TXT v=spf1 a:h.test -all");
        zone.Add("h.test A 192.0.2.9");
        await using var dns = SpfZone.Load(string.Join(" || ", zone));

        var outcome = await dns.CheckAsync("192.0.2.9");

        // chain includes plus one a: 10 lookups pass, 11 do not.
        Assert.Equal(expected, outcome.Result);
        if (expected == SpfResult.PermError)
        {
            Assert.Contains("more than 10 DNS lookups", outcome.Reason);
        }
    }

    [Fact]
    public async Task An_mx_with_more_than_ten_hosts_is_a_permanent_error()
    {
        var zone = new List<string> { "t.test TXT v=spf1 mx -all" };
        for (var i = 1; i <= 11; i++)
        {
            zone.Add($"t.test MX {i} mx{i}.test");
            zone.Add($"mx{i}.test A 192.0.2.{i}");
        }
        await using var dns = SpfZone.Load(string.Join(" || ", zone));

        var outcome = await dns.CheckAsync("192.0.2.1");

        Assert.Equal(SpfResult.PermError, outcome.Result);
    }

    [Fact]
    public async Task The_outcome_carries_the_record_found_at_the_domain_and_the_matching_term()
    {
        await using var dns = SpfZone.Load("t.test TXT v=spf1 include:a.test -all || a.test TXT v=spf1 ip4:192.0.2.9");

        var outcome = await dns.CheckAsync("192.0.2.9");

        Assert.Equal("v=spf1 include:a.test -all", outcome.Record);
        Assert.Equal("192.0.2.9 matched 'include:a.test' at t.test", outcome.Reason);
    }

    [Fact]
    public async Task A_long_record_split_into_several_strings_is_read_as_one()
    {
        var padding = string.Join(' ', Enumerable.Range(1, 30).Select(i => $"ip4:198.51.100.{i}"));
        await using var dns = SpfZone.Load($"t.test TXT v=spf1 {padding} ip4:192.0.2.9 -all");

        var outcome = await dns.CheckAsync("192.0.2.9");

        Assert.Equal(SpfResult.Pass, outcome.Result);
    }
}
