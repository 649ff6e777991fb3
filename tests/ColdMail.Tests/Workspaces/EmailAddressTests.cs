using ColdMail.Common;
using ColdMail.Workspaces;

namespace ColdMail.Tests.Workspaces;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("a@acme.example", "a@acme.example")]
    [InlineData("  First.Last@ACME.Example ", "first.last@acme.example")]
    [InlineData("o'brien+tag@acme.example", "o'brien+tag@acme.example")]
    [InlineData("x!#$%&*/=?^_`{|}~-@acme.example", "x!#$%&*/=?^_`{|}~-@acme.example")]
    [InlineData("info@Bücher.example", "info@xn--bcher-kva.example")]
    [InlineData("info@xn--bcher-kva.example", "info@xn--bcher-kva.example")]
    public void A_valid_address_is_normalised(string text, string expected)
    {
        Assert.Equal(expected, EmailAddress.Parse(text).Address);
    }

    [Theory]
    [InlineData("")]
    [InlineData("@acme.example")]
    [InlineData("a@")]
    [InlineData("a@b@acme.example")]
    [InlineData("a..b@acme.example")]
    [InlineData(".a@acme.example")]
    [InlineData("a.@acme.example")]
    [InlineData("\"a b\"@acme.example")]
    [InlineData("a(comment)@acme.example")]
    [InlineData("jörg@acme.example")]
    [InlineData("a@acme")]
    [InlineData("a@acme.example.")]
    [InlineData("a@-acme.example")]
    [InlineData("a@acme_x.example")]
    [InlineData("a@[192.0.2.1]")]
    [InlineData("a@192.0.2.1")]
    [InlineData("a@acme..example")]
    public void A_malformed_address_is_refused(string text)
    {
        var error = Assert.Throws<ResourceException>(() => EmailAddress.Parse(text));

        Assert.Equal(ResourceError.Invalid, error.Error);
    }

    [Fact]
    public void The_local_part_is_at_most_64_characters()
    {
        var longest = new string('a', 64) + "@acme.example";

        Assert.Equal(longest, EmailAddress.Parse(longest).Address);
        Assert.Throws<ResourceException>(() => EmailAddress.Parse("a" + longest));
    }

    [Fact]
    public void A_domain_label_is_at_most_63_characters()
    {
        var label = new string('d', 63);

        Assert.Equal($"a@{label}.example", EmailAddress.Parse($"a@{label}.example").Address);
        Assert.Throws<ResourceException>(() => EmailAddress.Parse($"a@{label}d.example"));
    }

    [Fact]
    public void The_whole_address_is_at_most_254_characters()
    {
        var domain = string.Join('.', Enumerable.Repeat(new string('d', 60), 3)) + ".example";
        var fits = new string('a', 63) + "@" + domain;
        var tooLong = new string('a', 63) + "@d" + domain;

        Assert.Equal(254, fits.Length);
        Assert.Equal(fits, EmailAddress.Parse(fits).Address);
        Assert.Throws<ResourceException>(() => EmailAddress.Parse(tooLong));
    }
}
