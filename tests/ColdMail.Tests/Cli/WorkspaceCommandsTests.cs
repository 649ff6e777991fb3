using System.Text.Json;
using ColdMail.Configuration;
using ColdMail.Tests.Support;

namespace ColdMail.Tests.Cli;

public sealed class WorkspaceCommandsTests
{
    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_fresh_install_has_one_workspace_named_default(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);

        var result = await new CliRunner(instance).RunAsync("workspace", "list", "--json");

        Assert.Equal(0, result.ExitCode);
        var names = JsonDocument.Parse(result.Output).RootElement.EnumerateArray()
            .Select(w => w.GetProperty("name").GetString()).ToList();
        Assert.Equal(["default"], names);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Adding_a_workspace_twice_is_one_clear_error(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var cli = new CliRunner(instance);

        var first = await cli.RunAsync("workspace", "add", "acme");
        var second = await cli.RunAsync("workspace", "add", "acme");

        Assert.Equal(0, first.ExitCode);
        Assert.NotEqual(0, second.ExitCode);
        Assert.Equal("error: A workspace named 'acme' already exists.", second.Error.Trim());
    }

    [Fact]
    public async Task A_bad_setting_stops_the_verb_and_names_the_key()
    {
        await using var instance = await TestInstance.CreateAsync();
        instance.Settings["ColdMail:Smtp:StartTlsPort"] = "70000";

        var result = await new CliRunner(instance).RunAsync("workspace", "list");

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("ColdMail:Smtp:StartTlsPort", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }
}
