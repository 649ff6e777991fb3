using ColdMail.Configuration;
using ColdMail.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ColdMail.Tests.Domains;

public sealed class AutoPauseOptionsTests
{
    [Fact]
    public void The_defaults_are_a_day_fifty_outcomes_five_and_three_percent()
    {
        var options = Bind([]).Domains.AutoPause;

        Assert.Equal((true, 24, 50, 0.05m, 0.03m), (options.Enabled, options.WindowHours, options.MinimumSample,
            options.HardBounceThreshold, options.SenderBlockThreshold));
    }

    [Theory]
    [InlineData("WindowHours", "0")]
    [InlineData("MinimumSample", "0")]
    [InlineData("HardBounceThreshold", "0")]
    [InlineData("HardBounceThreshold", "1.5")]
    [InlineData("SenderBlockThreshold", "-0.01")]
    [InlineData("SenderBlockThreshold", "5")]
    public void A_bad_value_is_refused_with_its_key_named(string key, string value)
    {
        var failure = Assert.Throws<OptionsValidationException>(
            () => Bind(new() { ["ColdMail:Domains:AutoPause:" + key] = value }));

        Assert.Contains($"ColdMail:Domains:AutoPause:{key} must", failure.Message);
    }

    [Theory]
    [InlineData("HardBounceThreshold", "1")]
    [InlineData("SenderBlockThreshold", "0.001")]
    [InlineData("MinimumSample", "1")]
    public void An_edge_value_inside_the_range_is_accepted(string key, string value)
    {
        var failure = Record.Exception(() => Bind(new() { ["ColdMail:Domains:AutoPause:" + key] = value }));

        Assert.Null(failure);
    }

    /// <summary>Binds and validates as start-up does.</summary>
    private static ColdMailOptions Bind(Dictionary<string, string?> settings)
    {
        settings["ColdMail:Smtp:Hostname"] = "mail.test.example";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddColdMailCore(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<ColdMailOptions>>().Value;
    }
}
