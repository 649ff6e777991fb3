using System.Text;

namespace ColdMail.Tests.EndToEnd;

public sealed class TraceFieldTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_accepted_message_is_stored_with_a_Received_field_on_top(bool implicitTls)
    {
        await using var server = await EndToEndServer.StartAsync();
        var sender = await server.AddSenderAsync("acme.example");
        using var client = EndToEndServer.NewClient();
        client.LocalDomain = "laptop.client.example";
        await client.ConnectAsync("127.0.0.1", implicitTls ? server.ImplicitTlsPort : server.StartTlsPort,
            implicitTls ? MailKit.Security.SecureSocketOptions.SslOnConnect
                : MailKit.Security.SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(sender.Address, sender.Secret);

        var reply = await client.SendAsync(EndToEndServer.NewMessage(sender.Address, "one@example.org"));

        var id = EndToEndServer.QueueId(reply);
        var stored = Encoding.ASCII.GetString((await server.BodyAsync(id))!);
        Assert.StartsWith(
            "Received: from laptop.client.example ([127.0.0.1])\r\n"
            + $"\tby {EndToEndServer.Hostname} with ESMTPSA id {id};\r\n\t",
            stored);
        var parsed = MimeKit.MimeMessage.Load(new MemoryStream((await server.BodyAsync(id))!));
        Assert.Single(parsed.Headers, h => h.Id == MimeKit.HeaderId.Received);
        Assert.Equal("Hello", parsed.Subject);
    }
}
