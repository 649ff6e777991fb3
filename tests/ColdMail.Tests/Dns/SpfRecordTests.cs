using ColdMail.Dns.Spf;

namespace ColdMail.Tests.Dns;

public sealed class SpfRecordTests
{
    [Fact]
    public void A_record_parses_into_directives_in_order_with_their_prefixes()
    {
        var record = SpfRecord.Parse("v=spf1 +a:h.test/24//64 ~mx -ip4:192.0.2.0/24 ?ip6:2001:db8::/48 " +
            "include:_spf.test exists:%{i}.x.test ptr all redirect=r.test exp=e.test");

        Assert.Equal(["a", "mx", "ip4", "ip6", "include", "exists", "ptr", "all"],
            record.Directives.Select(d => d.Mechanism));
        Assert.Equal(('+', "h.test", 24, 64), (record.Directives[0].Qualifier, record.Directives[0].DomainSpec,
            record.Directives[0].Cidr4, record.Directives[0].Cidr6));
        Assert.Equal(SpfResult.SoftFail, record.Directives[1].Result);
        Assert.Equal(24, record.Directives[2].Cidr4);
        Assert.Equal(48, record.Directives[3].Cidr6);
        Assert.Equal("r.test", record.Redirect);
    }

    [Theory]
    [InlineData("v=spf1 ip4:192.0.2.1/33")]
    [InlineData("v=spf1 ip4:192.0.2")]
    [InlineData("v=spf1 ip4:192.0.2.01")]
    [InlineData("v=spf1 ip6:192.0.2.1")]
    [InlineData("v=spf1 ip6:2001:db8::/129")]
    [InlineData("v=spf1 a:h.test/024")]
    [InlineData("v=spf1 include")]
    [InlineData("v=spf1 include:")]
    [InlineData("v=spf1 exists")]
    [InlineData("v=spf1 all:x.test")]
    [InlineData("v=spf1 include:h.123")]
    [InlineData("v=spf1 exp=a.test exp=b.test")]
    [InlineData("v=spf1 redirect=%{z}.test")]
    [InlineData("v=spf1 +-all")]
    public void Malformed_records_are_refused(string text)
    {
        Assert.Throws<FormatException>(() => SpfRecord.Parse(text));
    }

    [Theory]
    [InlineData("v=spf1", true)]
    [InlineData("v=spf1 -all", true)]
    [InlineData("V=SPF1 -all", true)]
    [InlineData("v=spf1-all", false)]
    [InlineData("v=spf10 -all", false)]
    [InlineData(" v=spf1 -all", false)]
    public void Only_records_starting_with_the_exact_version_are_spf(string text, bool expected)
    {
        Assert.Equal(expected, SpfRecord.IsSpf(text));
    }
}
