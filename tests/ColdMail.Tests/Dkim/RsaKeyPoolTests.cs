using System.Security.Cryptography;
using ColdMail.Dkim;

namespace ColdMail.Tests.Dkim;

public sealed class RsaKeyPoolTests
{
    [Fact]
    public async Task One_pooled_key_signs_correctly_from_many_threads_at_once()
    {
        using var rsa = RSA.Create(2048);
        using var pool = new RsaKeyPool(rsa.ExportPkcs8PrivateKey());

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() =>
        {
            var digest = SHA256.HashData(BitConverter.GetBytes(i));
            return (digest, pool.SignSha256(digest));
        })));

        Assert.All(results, r => Assert.True(
            rsa.VerifyHash(r.digest, r.Item2, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)));
    }
}
