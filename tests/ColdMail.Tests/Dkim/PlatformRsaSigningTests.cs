using System.Security.Cryptography;
using System.Text;
using ColdMail.Dkim;

namespace ColdMail.Tests.Dkim;

public sealed class PlatformRsaSigningTests
{
    [Fact]
    public void The_digest_signer_signs_exactly_the_bytes_it_was_fed()
    {
        using var rsa = RSA.Create(2048);
        using var pool = new RsaKeyPool(rsa.ExportPkcs8PrivateKey());
        var signer = new RsaSha256DigestSigner(pool);
        var data = Encoding.ASCII.GetBytes("from:Ann <ann@example.com>\r\nsubject:Hello\r\n");
        signer.Init(true, null!);
        signer.Update(data[0]);
        signer.BlockUpdate(data, 1, 10);
        signer.BlockUpdate(data.AsSpan(11));

        var signature = signer.GenerateSignature();

        Assert.True(rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var other = Encoding.ASCII.GetBytes("from:Ann <ann@example.com>\r\nsubject:Hello!\r\n");
        Assert.False(rsa.VerifyData(other, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void A_signer_starts_afresh_after_each_signature()
    {
        using var rsa = RSA.Create(2048);
        using var pool = new RsaKeyPool(rsa.ExportPkcs8PrivateKey());
        var signer = new RsaSha256DigestSigner(pool);
        signer.BlockUpdate([1, 2, 3]);
        signer.GenerateSignature();
        signer.BlockUpdate([4, 5]);

        var second = signer.GenerateSignature();

        Assert.True(rsa.VerifyData(new byte[] { 4, 5 }, second, HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1));
    }

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

    [Fact]
    public void The_signer_refuses_to_verify()
    {
        using var rsa = RSA.Create(2048);
        using var pool = new RsaKeyPool(rsa.ExportPkcs8PrivateKey());
        var signer = new RsaSha256DigestSigner(pool);

        Assert.Throws<NotSupportedException>(() => signer.Init(false, null!));
    }
}
