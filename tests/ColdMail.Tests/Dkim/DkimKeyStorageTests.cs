using System.Security.Cryptography;
using ColdMail.Configuration;
using ColdMail.Dkim;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Domains;
using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.Dkim;

public sealed class DkimKeyStorageTests
{
    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task The_private_key_is_never_stored_in_clear(DatabaseProvider provider)
    {
        await using var world = await DomainWorld.CreateAsync(provider);
        var added = await world.Domains.AddAsync(world.Workspace, "example.com", "cli:test", CancellationToken.None);
        await world.PublishAsync("example.com");
        await world.VerifyAsync("example.com");

        var signing = Assert.Single(await world.Instance.Get<IDkimKeyProvider>()
            .GetSigningKeysAsync(added.Domain.Id, CancellationToken.None));
        await using var db = world.Instance.Database.CreateContext();
        var stored = await db.DkimKeys.SingleAsync();

        Assert.False(stored.ProtectedPrivateKey.AsSpan().IndexOf(signing.Pkcs8PrivateKey) >= 0);
        var privateBase64 = Convert.ToBase64String(signing.Pkcs8PrivateKey);
        Assert.DoesNotContain(privateBase64, Convert.ToBase64String(stored.ProtectedPrivateKey));
        if (provider == DatabaseProvider.Sqlite)
        {
            // Nothing on disk, database or write-ahead log, holds the key in clear either.
            foreach (var file in Directory.GetFiles(world.Instance.DataDirectory, "coldmail.db*"))
            {
                var bytes = await ReadSharedAsync(file);
                Assert.True(bytes.AsSpan().IndexOf(signing.Pkcs8PrivateKey) < 0, file);
            }
        }
        Assert.True(Directory.EnumerateFiles(Path.Combine(world.Instance.DataDirectory, "keys"), "*.xml").Any());
    }

    [Fact]
    public async Task The_signing_key_is_the_private_half_of_the_published_key()
    {
        await using var world = await DomainWorld.CreateAsync();
        var added = await world.Domains.AddAsync(world.Workspace, "example.com", "cli:test", CancellationToken.None);
        await world.PublishAsync("example.com");
        await world.VerifyAsync("example.com");

        var signing = Assert.Single(await world.Instance.Get<IDkimKeyProvider>()
            .GetSigningKeysAsync(added.Domain.Id, CancellationToken.None));
        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(signing.Pkcs8PrivateKey, out _);
        var key = Assert.Single(await world.KeysAsync("example.com"));

        Assert.Equal(2048, rsa.KeySize);
        Assert.Equal(key.PublicKey, Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()));
        Assert.Equal(("example.com", "cm202612", "rsa-sha256"), (signing.Domain, signing.Selector, signing.Algorithm));
    }

    [Fact]
    public async Task Deliveries_that_find_the_keys_stale_together_share_one_load()
    {
        await using var world = await DomainWorld.CreateAsync();
        var added = await world.Domains.AddAsync(world.Workspace, "example.com", "cli:test", CancellationToken.None);
        await world.PublishAsync("example.com");
        await world.VerifyAsync("example.com");
        var provider = new DkimKeyProvider(
            world.Instance.Database, world.Instance.Get<DkimKeyProtector>(), world.Time);

        var go = new TaskCompletionSource();
        var callers = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            await go.Task;
            return await provider.GetSigningKeysAsync(added.Domain.Id, CancellationToken.None);
        })).ToList();
        go.SetResult();
        var first = await Task.WhenAll(callers);
        world.Time.Advance(TimeSpan.FromMinutes(2));
        var later = await provider.GetSigningKeysAsync(added.Domain.Id, CancellationToken.None);

        Assert.All(first, keys => Assert.Same(first[0], keys));
        Assert.NotSame(first[0], later);
        Assert.Equal(first[0].Single().Selector, Assert.Single(later).Selector);
    }

    [Fact]
    public async Task A_key_made_by_an_admin_verb_is_read_by_another_process_sharing_the_data_directory()
    {
        await using var world = await DomainWorld.CreateAsync();
        var cli = new Cli.CliRunner(world.Instance);
        Assert.Equal(0, (await cli.RunAsync("domain", "add", "example.com")).ExitCode);
        await world.PublishAsync("example.com");
        Assert.Equal(0, (await cli.RunAsync("domain", "verify", "example.com")).ExitCode);
        var stored = Assert.Single(await world.KeysAsync("example.com"));

        // The instance's own services stand in for serve: another container, the same key-ring folder.
        var signing = Assert.Single(await world.Instance.Get<IDkimKeyProvider>()
            .GetSigningKeysAsync(stored.DomainId, CancellationToken.None));

        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(signing.Pkcs8PrivateKey, out _);
        Assert.Equal(stored.PublicKey, Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()));
    }

    [Fact]
    public async Task A_pending_key_is_not_given_for_signing()
    {
        await using var world = await DomainWorld.CreateAsync();
        var added = await world.Domains.AddAsync(world.Workspace, "example.com", "cli:test", CancellationToken.None);

        var keys = await world.Instance.Get<IDkimKeyProvider>()
            .GetSigningKeysAsync(added.Domain.Id, CancellationToken.None);

        Assert.Empty(keys);
        Assert.Equal(DkimKeyState.Pending, Assert.Single(await world.KeysAsync("example.com")).State);
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer);
            return buffer.ToArray();
        }
        catch (FileNotFoundException)
        {
            // A transient journal that SQLite removed between listing and reading holds nothing any more.
            return [];
        }
    }
}
