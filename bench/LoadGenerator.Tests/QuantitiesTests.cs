namespace ColdMail.Bench.Tests;

public sealed class QuantitiesTests
{
    [Theory]
    [InlineData("5120", 5120)]
    [InlineData("5k", 5 * 1024)]
    [InlineData("50KB", 50 * 1024)]
    [InlineData("1m", 1024 * 1024)]
    public void Sizes_are_read_in_octets_with_binary_units(string text, int expected)
    {
        Assert.Equal(expected, Quantities.ParseSize(text));
    }

    [Theory]
    [InlineData("120s", 120)]
    [InlineData("2m", 120)]
    [InlineData("500ms", 0.5)]
    [InlineData("90", 90)]
    public void Durations_are_read_in_seconds_unless_a_unit_says_otherwise(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Quantities.ParseDuration(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("k")]
    [InlineData("-5k")]
    [InlineData("0")]
    [InlineData("5x")]
    [InlineData("3000000m")]
    public void A_size_that_is_not_one_is_refused(string text)
    {
        Assert.Throws<FormatException>(() => Quantities.ParseSize(text));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-1s")]
    public void A_duration_that_is_not_one_is_refused(string text)
    {
        Assert.Throws<FormatException>(() => Quantities.ParseDuration(text));
    }
}
