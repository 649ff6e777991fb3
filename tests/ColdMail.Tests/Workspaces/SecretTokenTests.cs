using ColdMail.Workspaces;

namespace ColdMail.Tests.Workspaces;

public sealed class SecretTokenTests
{
    [Fact]
    public void A_new_auth_key_is_well_formed_and_unique()
    {
        var first = SecretToken.Create(SecretToken.AuthKeyPrefix);
        var second = SecretToken.Create(SecretToken.AuthKeyPrefix);

        Assert.StartsWith("cmk_", first);
        Assert.True(SecretToken.IsWellFormed(first, SecretToken.AuthKeyPrefix));
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void A_changed_character_breaks_the_checksum()
    {
        var secret = SecretToken.Create(SecretToken.AuthKeyPrefix);
        var position = 10;
        var replacement = secret[position] == 'a' ? 'b' : 'a';
        var typo = secret[..position] + replacement + secret[(position + 1)..];

        Assert.False(SecretToken.IsWellFormed(typo, SecretToken.AuthKeyPrefix));
    }

    [Theory]
    [InlineData("")]
    [InlineData("cmk_")]
    [InlineData("password123")]
    public void Arbitrary_text_is_not_a_key(string text)
    {
        Assert.False(SecretToken.IsWellFormed(text, SecretToken.AuthKeyPrefix));
    }

    [Fact]
    public void A_key_of_another_kind_is_not_an_auth_key()
    {
        var token = SecretToken.Create(SecretToken.ApiTokenPrefix);

        Assert.False(SecretToken.IsWellFormed(token, SecretToken.AuthKeyPrefix));
    }
}
