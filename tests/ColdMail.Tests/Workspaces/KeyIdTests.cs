using ColdMail.Common;
using ColdMail.Workspaces;

namespace ColdMail.Tests.Workspaces;

public sealed class KeyIdTests
{
    private static readonly Guid Id = Guid.Parse("0ec7d9c7-07a7-454c-8b26-a6f616012392");

    [Theory]
    [InlineData("0ec7d9c7-07a7-454c-8b26-a6f616012392")]
    [InlineData("0EC7D9C707A7454C8B26A6F616012392")]
    [InlineData("{0ec7d9c7-07a7-454c-8b26-a6f616012392}")]
    [InlineData("0ec7d9c7")]
    [InlineData("0ec7d9c7-07a7")]
    [InlineData(" 0ec7d9c707 ")]
    public void The_whole_id_or_a_prefix_of_eight_or_more_matches(string text)
    {
        Assert.True(KeyId.Parse(text).Matches(Id));
    }

    [Theory]
    [InlineData("0ec7d9c8")]
    [InlineData("0ec7d9c7-07a8")]
    public void A_different_prefix_does_not_match(string text)
    {
        Assert.False(KeyId.Parse(text).Matches(Id));
    }

    [Theory]
    [InlineData("0ec7d9c")]
    [InlineData("0ec7d9cz")]
    [InlineData("0ec7d9c7 07a7")]
    [InlineData("0ec7d9c707a7454c8b26a6f6160123920")]
    public void Too_short_too_long_or_non_hex_text_is_refused(string text)
    {
        Assert.Throws<ResourceException>(() => KeyId.Parse(text));
    }
}
