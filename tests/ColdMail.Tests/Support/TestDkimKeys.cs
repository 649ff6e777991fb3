using System.Security.Cryptography;
using ColdMail.Dkim;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace ColdMail.Tests.Support;

/// <summary>
/// A stand-in for the domains' key store: one RSA key (and an Ed25519 key on request) for a domain,
/// with the public halves published as DKIM TXT records (RFC 6376 §3.6.1) in a test DNS server.
/// </summary>
public sealed class TestDkimKeys : IDkimKeyProvider
{
    // Generating RSA keys is slow; every test may share one key, since each publishes it in its own DNS.
    private static readonly Lazy<(byte[] Private, byte[] Public)> SharedRsa = new(() =>
    {
        using var rsa = RSA.Create(2048);
        return (rsa.ExportPkcs8PrivateKey(), rsa.ExportSubjectPublicKeyInfo());
    });

    private readonly List<DkimSigningKey> _keys = [];

    private TestDkimKeys()
    {
    }

    /// <summary>When false the provider has no key, as for a domain whose keys are all pending.</summary>
    public bool Enabled { get; set; } = true;

    public IReadOnlyList<DkimSigningKey> Keys => _keys;

    public static TestDkimKeys Publish(TestDnsServer dns, string domain, bool ed25519 = false)
    {
        var keys = new TestDkimKeys();
        var (privateKey, publicKey) = SharedRsa.Value;
        keys._keys.Add(new DkimSigningKey(domain, "rsa1", MessageSigner.RsaSha256, privateKey));
        dns.AddTxt($"rsa1._domainkey.{domain}", "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(publicKey));
        if (ed25519)
        {
            var generator = new Ed25519KeyPairGenerator();
            generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
            var pair = generator.GenerateKeyPair();
            var pkcs8 = PrivateKeyInfoFactory.CreatePrivateKeyInfo(pair.Private).GetEncoded();
            keys._keys.Add(new DkimSigningKey(domain, "ed1", MessageSigner.Ed25519Sha256, pkcs8));
            // RFC 8463 §4.2: the p= tag holds the bare 32-byte public key.
            var raw = ((Ed25519PublicKeyParameters)pair.Public).GetEncoded();
            dns.AddTxt($"ed1._domainkey.{domain}", "v=DKIM1; k=ed25519; p=" + Convert.ToBase64String(raw));
        }
        return keys;
    }

    public ValueTask<IReadOnlyList<DkimSigningKey>> GetSigningKeysAsync(
        Guid domainId,
        CancellationToken cancellationToken)
        => ValueTask.FromResult<IReadOnlyList<DkimSigningKey>>(Enabled ? _keys : []);
}
