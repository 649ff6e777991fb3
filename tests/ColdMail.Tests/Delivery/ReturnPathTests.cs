using ColdMail.Configuration;
using ColdMail.Delivery;
using Microsoft.Extensions.Options;

namespace ColdMail.Tests.Delivery;

public sealed class ReturnPathTests
{
    private static readonly Guid MessageId = Guid.Parse("0192f1e2-7c3a-7def-8abc-0123456789ab");

    [Fact]
    public void A_return_path_reads_back_to_its_message_and_recipient_in_any_case()
    {
        var returnPath = Create(Secret(1));

        var address = returnPath.Create(MessageId, 4711, "Sender.Test");

        Assert.Matches("^bounces\\+[a-z2-7]{52}@bounces\\.sender\\.test$", address);
        Assert.True(address.IndexOf('@') <= 64, "RFC 5321 §4.5.3.1.1 caps the local part at 64 octets.");
        Assert.True(returnPath.TryRead(address.ToUpperInvariant(), out var messageId, out var recipientId));
        Assert.Equal((MessageId, 4711L), (messageId, recipientId));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(51)]
    public void A_token_changed_in_any_place_is_refused(int position)
    {
        var returnPath = Create(Secret(1));
        var address = returnPath.Create(MessageId, 4711, "sender.test");
        var index = "bounces+".Length + position;
        var changed = address[..index] + (address[index] == 'a' ? 'b' : 'a') + address[(index + 1)..];

        Assert.False(returnPath.TryRead(changed, out _, out _));
    }

    [Fact]
    public void A_token_made_with_another_secret_is_refused()
    {
        var address = Create(Secret(1)).Create(MessageId, 4711, "sender.test");

        Assert.False(Create(Secret(2)).TryRead(address, out _, out _));
    }

    [Theory]
    [InlineData("postmaster@bounces.sender.test")]
    [InlineData("bounces+@bounces.sender.test")]
    [InlineData("bounces+abc@bounces.sender.test")]
    [InlineData("bounces+")]
    public void Addresses_that_are_not_return_paths_are_refused(string address)
    {
        Assert.False(Create(Secret(1)).TryRead(address, out _, out _));
    }

    [Fact]
    public void Without_a_configured_secret_one_is_made_once_and_kept_in_the_data_directory()
    {
        var directory = Directory.CreateTempSubdirectory("coldmail-rp-");
        try
        {
            var first = Create(null, directory.FullName).Create(MessageId, 1, "sender.test");
            var second = Create(null, directory.FullName);

            Assert.True(second.TryRead(first, out _, out _));
            var file = Path.Combine(directory.FullName, ReturnPath.SecretFileName);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
            Assert.Single(directory.GetFiles());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_return_path_host_follows_the_configured_pattern()
    {
        var options = new ColdMailOptions { Delivery = { VerpSecret = Secret(1), ReturnPathHost = "rp.{domain}" } };

        var address = new ReturnPath(Options.Create(options)).Create(MessageId, 1, "sender.test");

        Assert.EndsWith("@rp.sender.test", address);
    }

    private static ReturnPath Create(string? secret, string? dataDirectory = null)
    {
        var options = new ColdMailOptions { Delivery = { VerpSecret = secret } };
        if (dataDirectory is not null)
        {
            options.DataDirectory = dataDirectory;
        }
        return new ReturnPath(Options.Create(options));
    }

    private static string Secret(byte fill) => Convert.ToBase64String(Enumerable.Repeat(fill, 32).ToArray());
}
