using System.Net;
using ColdMail.Dns.Spf;

namespace ColdMail.Tests.Dns;

public sealed class SpfMacroTests
{
    // The worked examples of RFC 7208 section 7.4.
    [Theory]
    [InlineData("%{s}", "strong-bad@email.example.com")]
    [InlineData("%{o}", "email.example.com")]
    [InlineData("%{d}", "email.example.com")]
    [InlineData("%{d4}", "email.example.com")]
    [InlineData("%{d3}", "email.example.com")]
    [InlineData("%{d2}", "example.com")]
    [InlineData("%{d1}", "com")]
    [InlineData("%{dr}", "com.example.email")]
    [InlineData("%{d2r}", "example.email")]
    [InlineData("%{l}", "strong-bad")]
    [InlineData("%{l-}", "strong.bad")]
    [InlineData("%{lr}", "strong-bad")]
    [InlineData("%{lr-}", "bad.strong")]
    [InlineData("%{l1r-}", "strong")]
    [InlineData("%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com")]
    [InlineData("%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com")]
    [InlineData("%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", "bad.strong.lp.3.2.0.192.in-addr._spf.example.com")]
    [InlineData("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "3.2.0.192.in-addr.strong.lp._spf.example.com")]
    [InlineData("%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net")]
    [InlineData("%%%_%-", "% %20")]
    [InlineData("%{L}", "strong-bad")]
    [InlineData("%{S}", "strong-bad%40email.example.com")]
    public void Macros_expand_as_the_rfc_examples_show(string macro, string expected)
    {
        var context = new SpfMacroContext("strong-bad@email.example.com", "strong-bad", "email.example.com",
            "email.example.com", IPAddress.Parse("192.0.2.3"), "mx.example.org", DateTimeOffset.UnixEpoch);

        Assert.Equal(expected, SpfMacro.Expand(macro, context));
    }

    [Fact]
    public void An_ipv6_address_expands_to_reversed_nibbles()
    {
        var context = new SpfMacroContext("strong-bad@email.example.com", "strong-bad", "email.example.com",
            "email.example.com", IPAddress.Parse("2001:db8::cb01"), "mx.example.org", DateTimeOffset.UnixEpoch);

        Assert.Equal("1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com",
            SpfMacro.Expand("%{ir}.%{v}._spf.%{d2}", context));
    }

    [Theory]
    [InlineData("%{d0}")]
    [InlineData("%{x}")]
    [InlineData("%{c}")]
    [InlineData("%{d")]
    [InlineData("%a")]
    [InlineData("abc%")]
    [InlineData("%{d2*}")]
    public void Malformed_macros_are_syntax_errors_in_a_domain(string macro)
    {
        Assert.False(SpfMacro.IsValid(macro, explanation: false));
    }

    [Fact]
    public void Explanation_only_letters_are_allowed_in_explanations()
    {
        Assert.True(SpfMacro.IsValid("%{c} %{r} %{t}".Replace(" ", ".", StringComparison.Ordinal), explanation: true));
    }
}
