using System.Text;
using System.Text.Json;
using ColdMail.Configuration;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.Cli;

public sealed class UserCommandsTests
{
    private const string Password = "correct horse battery staple";

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_new_user_gets_a_hashed_password_and_a_membership(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);

        var result = await new CliRunner(instance).RunWithInputAsync(
            Password + "\nsecond line is ignored\n", "user", "add", "Ann@Team.example", "--role", "Admin");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Added user 'ann@team.example' as admin of workspace 'default'.", result.Output.Trim());
        Assert.DoesNotContain(Password, result.Output + result.Error);
        await using var db = instance.Database.CreateContext();
        var user = await db.Users.SingleAsync();
        Assert.Equal("ann@team.example", user.Email);
        var hasher = new PasswordHasher<User>();
        Assert.Equal(PasswordVerificationResult.Success,
            hasher.VerifyHashedPassword(user, user.PasswordHash, Password));
        var membership = await db.Memberships.SingleAsync();
        Assert.Equal((user.Id, Role.Admin), (membership.UserId, membership.Role));
        Assert.Equal((await instance.WorkspaceAsync()).Id, membership.WorkspaceId);
        Assert.Equal(["user.add", "member.add"], (await instance.AuditAsync()).Select(a => a.Action));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task The_password_is_stored_nowhere_in_clear(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);

        await new CliRunner(instance).RunWithInputAsync(Password, "user", "add", "ann@team.example", "--role", "owner");

        var values = (await instance.RawValuesAsync("users"))
            .Concat(await instance.RawValuesAsync("memberships"))
            .Concat(await instance.RawValuesAsync("audit_entries"));
        foreach (var value in values)
        {
            var text = value is byte[] bytes ? Encoding.Latin1.GetString(bytes) : value.ToString() ?? "";
            Assert.DoesNotContain("horse battery", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("superuser")]
    [InlineData("0")]
    [InlineData("")]
    public async Task A_wrong_role_is_refused_with_the_list_of_roles(string role)
    {
        await using var instance = await TestInstance.CreateAsync();

        var result = await new CliRunner(instance).RunWithInputAsync(
            Password, "user", "add", "ann@team.example", "--role", role);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: '{role}' is not a role; use one of owner, admin, sender, viewer.", result.Error.Trim());
        await using var db = instance.Database.CreateContext();
        Assert.False(await db.Users.AnyAsync());
    }

    [Theory]
    [InlineData("", "needs a password")]
    [InlineData("   \n", "needs a password")]
    [InlineData("eleven char", "too short")]
    public async Task An_empty_or_short_password_is_refused(string input, string expected)
    {
        await using var instance = await TestInstance.CreateAsync();

        var result = await new CliRunner(instance).RunWithInputAsync(
            input, "user", "add", "ann@team.example", "--role", "viewer");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Error);
        await using var db = instance.Database.CreateContext();
        Assert.False(await db.Users.AnyAsync());
    }

    [Fact]
    public async Task A_malformed_user_address_is_refused()
    {
        await using var instance = await TestInstance.CreateAsync();

        var result = await new CliRunner(instance).RunWithInputAsync(
            Password, "user", "add", "ann", "--role", "viewer");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: 'ann' is not a valid address", result.Error);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task An_existing_user_gets_the_role_but_keeps_their_password(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var cli = new CliRunner(instance);
        await cli.RunAsync("workspace", "add", "second");
        await cli.RunWithInputAsync(Password, "--workspace", "default", "user", "add", "ann@team.example",
            "--role", "viewer");
        string before;
        await using (var db = instance.Database.CreateContext())
        {
            before = (await db.Users.SingleAsync()).PasswordHash;
        }

        var promote = await cli.RunWithInputAsync("another password entirely", "--workspace", "default",
            "user", "add", "ann@team.example", "--role", "sender", "--json");
        var join = await cli.RunAsync("--workspace", "second", "user", "add", "ann@team.example", "--role", "owner");

        Assert.Equal(0, promote.ExitCode);
        Assert.False(JsonDocument.Parse(promote.Output).RootElement.GetProperty("newUser").GetBoolean());
        Assert.Equal(0, join.ExitCode);
        Assert.Contains("keeps their password", join.Output);
        await using var check = instance.Database.CreateContext();
        Assert.Equal(before, (await check.Users.SingleAsync()).PasswordHash);
        var roles = await check.Memberships.Join(check.Workspaces, m => m.WorkspaceId, w => w.Id,
            (m, w) => new { w.Name, m.Role }).OrderBy(x => x.Name).ToListAsync();
        Assert.Equal([("default", Role.Sender), ("second", Role.Owner)], roles.Select(r => (r.Name, r.Role)));
        var audit = await instance.AuditAsync();
        Assert.Contains(audit, a => a.Action == "member.role" && a.Detail == "viewer -> sender");
    }
}
