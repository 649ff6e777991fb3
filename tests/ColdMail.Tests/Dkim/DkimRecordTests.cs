using System.Security.Cryptography;
using ColdMail.Dkim;

namespace ColdMail.Tests.Dkim;

public sealed class DkimRecordTests
{
    private static readonly RSA Key = RSA.Create(1024);
    private static readonly string Spki = Convert.ToBase64String(Key.ExportSubjectPublicKeyInfo());

    [Fact]
    public void Our_own_record_matches()
    {
        Assert.Null(DkimRecord.Compare(DkimRecord.Value(Spki), Spki));
    }

    [Fact]
    public void Whitespace_inside_p_and_a_bare_rsa_public_key_still_match()
    {
        var spaced = "k=rsa; p=" + string.Join(' ', Spki.Chunk(40).Select(c => new string(c)));
        var bare = "v=DKIM1; p=" + Convert.ToBase64String(Key.ExportRSAPublicKey());

        Assert.Null(DkimRecord.Compare(spaced, Spki));
        Assert.Null(DkimRecord.Compare(bare, Spki));
    }

    [Theory]
    [InlineData("v=DKIM1; k=rsa; p=", "p= is empty, which revokes the key")]
    [InlineData("v=DKIM1; k=rsa", "the record has no p= tag")]
    [InlineData("k=rsa; v=DKIM1; p=AAAA", "v=DKIM1 must be the first tag")]
    [InlineData("v=DKIM1; k=ed25519; p=AAAA", "k=ed25519, but the key is RSA")]
    [InlineData("v=DKIM1; p=AAAA; p=BBBB", "the record is not a valid tag list")]
    [InlineData("v=DKIM1; k=rsa; p=not*base64", "p= holds a different public key")]
    public void A_record_that_does_not_carry_our_key_says_why(string record, string problem)
    {
        Assert.Equal(problem, DkimRecord.Compare(record, Spki));
    }

    [Theory]
    [InlineData(new string[0], "cm202612")]
    [InlineData(new[] { "cm202612" }, "cm202612b")]
    [InlineData(new[] { "cm202612", "CM202612B" }, "cm202612c")]
    public void Selectors_are_dated_and_unique_within_a_domain(string[] taken, string expected)
    {
        Assert.Equal(expected, DkimSelector.Next(new DateTimeOffset(2026, 12, 31, 23, 0, 0, TimeSpan.Zero), taken));
    }
}
