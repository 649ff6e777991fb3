using ColdMail.Configuration;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using ColdMail.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ColdMail.Tests.Workspaces;

public sealed class ApiTokenAuthenticatorTests
{
    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_token_identifies_its_workspace_and_role_and_records_its_use_at_most_once_a_minute(
        DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var workspace = await instance.WorkspaceAsync();
        var created = await instance.Get<ApiTokenService>().CreateAsync(workspace, "ci", Role.Sender, "test",
            CancellationToken.None);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var tokens = new ApiTokenAuthenticator(instance.Database, time, NullLogger<ApiTokenAuthenticator>.Instance);

        var caller = await tokens.AuthenticateAsync(created.Secret, CancellationToken.None);
        var first = await LastUsedAsync(instance, created.Item.Id);
        time.Advance(TimeSpan.FromSeconds(59));
        await tokens.AuthenticateAsync(created.Secret, CancellationToken.None);
        var withinTheMinute = await LastUsedAsync(instance, created.Item.Id);
        time.Advance(TimeSpan.FromSeconds(1));
        await tokens.AuthenticateAsync(created.Secret, CancellationToken.None);
        var aMinuteLater = await LastUsedAsync(instance, created.Item.Id);

        Assert.Equal((workspace.Id, Role.Sender, created.Item.Id),
            (caller?.Workspace.Id, caller?.Role, caller?.TokenId));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), first);
        Assert.Equal(first, withinTheMinute);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 1, 0, TimeSpan.Zero), aMinuteLater);
    }

    [Theory]
    [InlineData("")]
    [InlineData("cmt_")]
    [InlineData("not a token")]
    public async Task A_malformed_or_unknown_secret_identifies_nobody(string secret)
    {
        await using var instance = await TestInstance.CreateAsync();
        var tokens = instance.Get<ApiTokenAuthenticator>();

        Assert.Null(await tokens.AuthenticateAsync(secret, CancellationToken.None));
        Assert.Null(await tokens.AuthenticateAsync(SecretToken.Create(SecretToken.ApiTokenPrefix),
            CancellationToken.None));
        Assert.Null(await tokens.AuthenticateAsync(SecretToken.Create(SecretToken.AuthKeyPrefix),
            CancellationToken.None));
    }

    private static async Task<DateTimeOffset?> LastUsedAsync(TestInstance instance, Guid tokenId)
    {
        await using var db = instance.Database.CreateContext();
        return (await db.ApiTokens.AsNoTracking().SingleAsync(t => t.Id == tokenId)).LastUsedAt;
    }
}
