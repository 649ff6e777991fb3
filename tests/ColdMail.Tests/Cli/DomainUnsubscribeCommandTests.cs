using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.Cli;

public sealed class DomainUnsubscribeCommandTests
{
    [Fact]
    public async Task Turning_one_click_on_and_off_is_stored_and_audited()
    {
        await using var instance = await TestInstance.CreateAsync(extraSettings:
            new Dictionary<string, string?> { ["ColdMail:Http:PublicUrl"] = "https://mail.example.com" });
        await instance.AddDomainAsync("example.com");
        var cli = new CliRunner(instance);

        var on = await cli.RunAsync("domain", "unsubscribe", "example.com", "on");
        var stored = await EnabledAsync(instance);
        var off = await cli.RunAsync("domain", "unsubscribe", "example.com", "off");

        Assert.Equal((0, "One-click unsubscribe is on for example.com."), (on.ExitCode, on.Output.Trim()));
        Assert.True(stored);
        Assert.Equal(0, off.ExitCode);
        Assert.False(await EnabledAsync(instance));
        var audit = (await instance.AuditAsync()).Where(a => a.Action == "domain.unsubscribe").ToList();
        Assert.Equal(["One-click unsubscribe turned on.", "One-click unsubscribe turned off."],
            audit.Select(a => a.Detail));
        Assert.All(audit, a => Assert.Equal("example.com", a.Target));
    }

    [Fact]
    public async Task Turning_one_click_on_without_a_public_url_is_refused_with_the_key_named()
    {
        await using var instance = await TestInstance.CreateAsync();
        await instance.AddDomainAsync("example.com");

        var result = await new CliRunner(instance).RunAsync("domain", "unsubscribe", "example.com", "on");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("set ColdMail:Http:PublicUrl first", result.Error);
        Assert.False(await EnabledAsync(instance));
    }

    private static async Task<bool> EnabledAsync(TestInstance instance)
    {
        await using var db = instance.Database.CreateContext();
        return await db.Domains.Where(d => d.Name == "example.com").Select(d => d.OneClickUnsubscribe).SingleAsync();
    }
}
