using ColdMail.Configuration;
using ColdMail.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ColdMail.Tests.Delivery;

public sealed class DeliveryOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Null(Validate([]));
    }

    [Theory]
    [InlineData("ColdMail:Delivery:MaxAgeHours", "121", "ColdMail:Delivery:MaxAgeHours must be from 1 to 120")]
    [InlineData("ColdMail:Delivery:Workers", "0", "ColdMail:Delivery:Workers")]
    [InlineData("ColdMail:Delivery:RetrySchedule:0", "00:00:00", "ColdMail:Delivery:RetrySchedule:0")]
    [InlineData("ColdMail:Delivery:Concurrency:bad domain", "3", "ColdMail:Delivery:Concurrency:bad domain")]
    [InlineData("ColdMail:Delivery:Concurrency:gmail.com", "0", "ColdMail:Delivery:Concurrency:gmail.com")]
    [InlineData("ColdMail:Delivery:VerpSecret", "c2hvcnQ=", "ColdMail:Delivery:VerpSecret")]
    [InlineData("ColdMail:Delivery:ReturnPathHost", "bounces..{domain}", "ColdMail:Delivery:ReturnPathHost")]
    [InlineData("ColdMail:Delivery:LeaseSeconds", "60", "ColdMail:Delivery:LeaseSeconds")]
    [InlineData("ColdMail:Delivery:BounceListenerPort", "-1", "ColdMail:Delivery:BounceListenerPort")]
    [InlineData("ColdMail:Delivery:BounceListenerPort", "65536", "ColdMail:Delivery:BounceListenerPort")]
    [InlineData("ColdMail:Delivery:BounceListenerPort", "2587", "ColdMail:Delivery:BounceListenerPort must differ")]
    [InlineData("ColdMail:Delivery:BounceListenerAddress", "not-an-ip", "ColdMail:Delivery:BounceListenerAddress")]
    [InlineData("ColdMail:Delivery:Smarthost:Host", "not a host", "ColdMail:Delivery:Smarthost:Host")]
    public void A_bad_value_is_refused_with_its_key_named(string key, string value, string message)
    {
        var failure = Validate(new() { [key] = value });

        Assert.NotNull(failure);
        Assert.Contains(message, failure);
    }

    [Fact]
    public void A_smarthost_password_is_never_sent_in_clear_to_a_remote_relay()
    {
        var failure = Validate(new()
        {
            ["ColdMail:Delivery:Smarthost:Host"] = "relay.example.net",
            ["ColdMail:Delivery:Smarthost:Tls"] = "None",
            ["ColdMail:Delivery:Smarthost:UserName"] = "user",
            ["ColdMail:Delivery:Smarthost:Password"] = "secret",
        });

        Assert.Contains("ColdMail:Delivery:Smarthost:Tls", failure);
        Assert.DoesNotContain("secret", failure);
    }

    /// <summary>Binds and validates as start-up does; the failure message, or null when valid.</summary>
    private static string? Validate(Dictionary<string, string?> settings)
    {
        settings["ColdMail:Smtp:Hostname"] = "mail.test.example";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddColdMailCore(configuration).BuildServiceProvider();
        try
        {
            _ = services.GetRequiredService<IOptions<ColdMailOptions>>().Value;
            return null;
        }
        catch (OptionsValidationException ex)
        {
            return ex.Message;
        }
    }
}
