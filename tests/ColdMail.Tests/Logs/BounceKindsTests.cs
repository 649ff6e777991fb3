using ColdMail.Logs;

namespace ColdMail.Tests.Logs;

public sealed class BounceKindsTests
{
    [Theory]
    [InlineData(550, "5.1.1", BounceKind.Recipient)]
    [InlineData(550, "5.1.10", BounceKind.Recipient)]
    [InlineData(550, "5.2.1", BounceKind.Recipient)]
    [InlineData(553, "5.1.7", BounceKind.Sender)]
    [InlineData(553, "5.1.8", BounceKind.Sender)]
    [InlineData(550, "5.7.1", BounceKind.Sender)]
    [InlineData(554, "5.7.26", BounceKind.Sender)]
    [InlineData(552, "5.2.2", BounceKind.Other)]
    [InlineData(554, "5.4.4", BounceKind.Other)]
    [InlineData(550, null, BounceKind.Recipient)]
    [InlineData(554, null, BounceKind.Other)]
    [InlineData(null, null, BounceKind.Other)]
    [InlineData(550, "garbage", BounceKind.Recipient)]
    [InlineData(554, "5.x.1", BounceKind.Other)]
    public void The_class_of_a_bounce_is_read_from_its_codes(int? code, string? enhanced, BounceKind expected)
    {
        Assert.Equal(expected, BounceKinds.FromCodes(code, enhanced));
    }
}
