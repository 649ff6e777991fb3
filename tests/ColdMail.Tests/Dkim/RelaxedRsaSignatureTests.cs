using System.Security.Cryptography;
using System.Text;
using ColdMail.Dkim;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;

namespace ColdMail.Tests.Dkim;

/// <summary>
/// The signer's canonicalization checked by MimeKit's verifier, an implementation it shares no code with, on the
/// cases where relaxed canonicalization does its work.
/// </summary>
public sealed class RelaxedRsaSignatureTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RsaKeyPool _key;

    public RelaxedRsaSignatureTests() => _key = new RsaKeyPool(_rsa.ExportPkcs8PrivateKey());

    public static TheoryData<string, string> Messages => new()
    {
        { "plain", "From: ann@sender.test\r\nTo: bob@example.test\r\nSubject: Hi\r\n\r\nHello Bob.\r\n" },
        {
            "white space at line ends, in runs, and empty lines at the end",
            "From: ann@sender.test\r\nTo: bob@example.test\r\nSubject: Hi\r\n\r\n" +
            "Hello \t Bob.  \r\n\t indented\r\n\r\n  \r\nlast\t\r\n\r\n \r\n\r\n"
        },
        {
            "folded headers, odd case and white space after the colon",
            "FROM:    ann@sender.test\r\nTo: bob@example.test,\r\n\t carol@example.test\r\n" +
            "Subject: A  long\r\n   subject\t line \r\n\r\nBody\r\n"
        },
        {
            "a field that appears twice",
            "From: ann@sender.test\r\nTo: bob@example.test\r\nTo: carol@example.test\r\nSubject: Hi\r\n\r\nx\r\n"
        },
        { "an empty body", "From: ann@sender.test\r\nTo: bob@example.test\r\nSubject: Hi\r\n\r\n" },
        { "a body of empty lines", "From: ann@sender.test\r\nSubject: Hi\r\n\r\n\r\n\r\n  \r\n" },
        { "no final line break", "From: ann@sender.test\r\nSubject: Hi\r\n\r\nno newline at the end" },
        {
            "nothing to canonicalize but leading spaces and inner empty lines",
            "From: ann@sender.test\r\nSubject: Hi\r\n\r\n one\r\n\r\n\r\ntwo three\r\n"
        },
        { "one trailing space at the very end", "From: ann@sender.test\r\nSubject: Hi\r\n\r\nend \r\n" },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task MimeKit_verifies_the_signature(string name, string raw)
    {
        var received = Reload(Sign(Load(raw)));

        var signature = Assert.Single(received.Headers, h => h.Id == HeaderId.DkimSignature);
        Assert.True(await Verifier().VerifyAsync(received, signature), name);
    }

    [Fact]
    public void Every_instance_of_a_signed_field_is_named_in_h_from_the_bottom_up()
    {
        var message = Load(
            "From: a@sender.test\r\nTo: b@example.test\r\nTo: c@example.test\r\nSubject: s\r\n\r\nx\r\n");

        var value = Sign(message).Headers[HeaderId.DkimSignature]!;

        var tags = value.Split(';', StringSplitOptions.TrimEntries).Select(t => t.Split('=', 2))
            .ToDictionary(t => t[0], t => string.Concat(t[1].Where(c => !char.IsWhiteSpace(c))));
        Assert.Equal("from:to:to:subject", tags["h"]);
        Assert.Equal(("1", "rsa-sha256", "relaxed/relaxed"), (tags["v"], tags["a"], tags["c"]));
        Assert.Equal(("sender.test", "sel1"), (tags["d"], tags["s"]));
        Assert.Equal(Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), tags["t"]);
    }

    [Fact]
    public async Task White_space_added_at_line_ends_on_the_way_still_verifies()
    {
        var wire = Serialize(Sign(Load(
            "From: ann@sender.test\r\nSubject: Hi\r\n\r\nHello Bob.\r\nSecond line\r\n")));

        var changed = Reload(wire.Replace("Hello Bob.\r\n", "Hello  Bob.\t \r\n", StringComparison.Ordinal)
            .Replace("Subject: Hi", "Subject:   Hi ", StringComparison.Ordinal) + "\r\n\r\n");

        var signature = changed.Headers.First(h => h.Id == HeaderId.DkimSignature);
        Assert.True(await Verifier().VerifyAsync(changed, signature));
    }

    [Theory]
    [InlineData("Hello Bob.", "Hello Bob!")]
    [InlineData("Subject: Hi", "Subject: Hj")]
    [InlineData("Second line\r\n", "Second line\r\nAdded\r\n")]
    public async Task A_changed_body_or_signed_field_fails(string original, string replacement)
    {
        var wire = Serialize(Sign(Load(
            "From: ann@sender.test\r\nSubject: Hi\r\n\r\nHello Bob.\r\nSecond line\r\n")));

        var changed = Reload(wire.Replace(original, replacement, StringComparison.Ordinal));

        var signature = changed.Headers.First(h => h.Id == HeaderId.DkimSignature);
        Assert.False(await Verifier().VerifyAsync(changed, signature));
    }

    public void Dispose()
    {
        _key.Dispose();
        _rsa.Dispose();
    }

    private MimeMessage Sign(MimeMessage message)
    {
        message.Headers.Insert(0, RelaxedRsaSignature.Create(
            message, 0, MessageSigner.SignedHeaders, "sender.test", "sel1", _key, Now));
        return message;
    }

    private DkimVerifier Verifier()
        => new(new SingleKeyLocator(PublicKeyFactory.CreateKey(_rsa.ExportSubjectPublicKeyInfo())));

    private static MimeMessage Load(string raw) => MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(raw)));

    private static string Serialize(MimeMessage message)
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        using var stream = new MemoryStream();
        message.WriteTo(format, stream);
        return Encoding.ASCII.GetString(stream.ToArray());
    }

    private static MimeMessage Reload(MimeMessage message) => Reload(Serialize(message));

    private static MimeMessage Reload(string wire) => Load(wire);

    private sealed class SingleKeyLocator(AsymmetricKeyParameter key) : IDkimPublicKeyLocator
    {
        public AsymmetricKeyParameter LocatePublicKey(
            string methods,
            string domain,
            string selector,
            CancellationToken cancellationToken = default) => key;

        public Task<AsymmetricKeyParameter> LocatePublicKeyAsync(
            string methods,
            string domain,
            string selector,
            CancellationToken cancellationToken = default) => Task.FromResult(key);
    }
}
