using ColdMail.Common;
using ColdMail.Domains;

namespace ColdMail.Tests.Domains;

public sealed class DomainNameTests
{
    [Theory]
    [InlineData("Example.COM", "example.com")]
    [InlineData(" example.com. ", "example.com")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("BÜCHER.example", "xn--bcher-kva.example")]
    [InlineData("XN--BCHER-KVA.example", "xn--bcher-kva.example")]
    [InlineData("例え.テスト", "xn--r8jz45g.xn--zckzah")]
    [InlineData("mail.example.co.uk", "mail.example.co.uk")]
    [InlineData("example.co.uk", "example.co.uk")]
    [InlineData("a-b.example", "a-b.example")]
    [InlineData("123.example", "123.example")]
    public void Names_are_stored_in_lower_case_ascii(string input, string expected)
    {
        Assert.Equal(expected, DomainName.Normalise(input));
    }

    [Theory]
    [InlineData("", "A domain name is required.")]
    [InlineData("192.0.2.1", "'192.0.2.1' is an IP address; a sending domain must be a DNS name.")]
    [InlineData("[192.0.2.1]", "'[192.0.2.1]' is an IP address; a sending domain must be a DNS name.")]
    [InlineData("2001:db8::1", "'2001:db8::1' is an IP address; a sending domain must be a DNS name.")]
    [InlineData("localhost", "'localhost' is a single label; a sending domain has at least two, such as example.com.")]
    [InlineData("co.uk", "'co.uk' is a public suffix that no one owns; add a domain registered under it, " +
        "such as example.co.uk.")]
    [InlineData("github.io", "'github.io' is a public suffix that no one owns; add a domain registered under it, " +
        "such as example.github.io.")]
    [InlineData("a_b.example", "'a_b.example' is not a valid domain name: the label 'a_b' may hold only letters, " +
        "digits and hyphens.")]
    [InlineData("-a.example", "'-a.example' is not a valid domain name: the label '-a' may not start or end with " +
        "a hyphen.")]
    [InlineData("a..example", "'a..example' is not a valid domain name: it has an empty label.")]
    [InlineData("ab--cd.example", "'ab--cd.example' is not a valid domain name: the label 'ab--cd' is not a valid " +
        "IDNA label.")]
    [InlineData("example.123", "'example.123' is not a valid domain name: the last label may not be all digits.")]
    [InlineData("user@example.com", "'user@example.com' is not a valid domain name: the label 'user@example' may " +
        "hold only letters, digits and hyphens.")]
    public void Unusable_names_are_refused_with_the_reason(string input, string message)
    {
        var error = Assert.Throws<ResourceException>(() => DomainName.Normalise(input));

        Assert.Equal(ResourceError.Invalid, error.Error);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Labels_and_names_over_the_dns_limits_are_refused()
    {
        var longLabel = new string('a', 64) + ".example";
        var longName = string.Join('.', Enumerable.Repeat(new string('a', 60), 5)) + ".example";

        var label = Assert.Throws<ResourceException>(() => DomainName.Normalise(longLabel));
        var name = Assert.Throws<ResourceException>(() => DomainName.Normalise(longName));

        Assert.Contains("longer than 63", label.Message);
        Assert.Contains("longer than 253", name.Message);
        Assert.Equal(new string('a', 63) + ".example", DomainName.Normalise(new string('a', 63) + ".example"));
    }

    [Theory]
    [InlineData("example.com", "example.com")]
    [InlineData("news.example.com", "example.com")]
    [InlineData("a.b.example.co.uk", "example.co.uk")]
    [InlineData("shop.example.github.io", "example.github.io")]
    public void The_organisational_domain_is_one_label_below_the_public_suffix(string name, string expected)
    {
        Assert.Equal(expected, PublicSuffixes.OrganisationalDomain(name));
    }
}
