namespace ColdMail.Bench.Tests;

public sealed class CredentialTests
{
    [Fact]
    public void The_password_may_contain_colons()
    {
        var credential = Credential.Parse("sam@acme.test:cmk_a:b:c");

        Assert.Equal("sam@acme.test", credential.User);
        Assert.Equal("cmk_a:b:c", credential.Password);
    }

    [Theory]
    [InlineData("sam@acme.test")]
    [InlineData(":secret-key")]
    [InlineData("sam@acme.test:")]
    public void A_bad_pair_is_refused_without_echoing_the_key(string pair)
    {
        var error = Assert.Throws<FormatException>(() => Credential.Parse(pair));

        Assert.DoesNotContain("secret-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_credential_prints_as_its_user_only()
    {
        Assert.Equal("sam@acme.test", Credential.Parse("sam@acme.test:hunter2").ToString());
    }
}
