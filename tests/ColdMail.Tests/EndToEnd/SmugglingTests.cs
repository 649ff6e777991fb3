using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using ColdMail.Tests.Smtp;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.EndToEnd;

public sealed class SmugglingTests
{
    // The fake end-of-data sequences of SMTP smuggling: each would end DATA in a lax server.
    private static readonly string[] FakeTerminators = ["\n.\n", "\r.\r", "\n.\r\n", "\r\n.\n", "\r\n.\r"];

    [Fact]
    public async Task A_smuggled_message_over_implicit_TLS_is_never_accepted_as_a_second_message()
    {
        await using var server = await EndToEndServer.StartAsync();
        var sender = await server.AddSenderAsync("acme.example");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.ImplicitTlsPort);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("127.0.0.1");
        await ExpectAsync(tls, null, 220);
        await ExpectAsync(tls, "EHLO client.example", 250);
        var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{sender.Address}\0{sender.Secret}"));
        await ExpectAsync(tls, "AUTH PLAIN " + plain, 235);

        foreach (var fake in FakeTerminators)
        {
            await ExpectAsync(tls, $"MAIL FROM:<{sender.Address}>", 250);
            await ExpectAsync(tls, "RCPT TO:<victim@example.org>", 250);
            await ExpectAsync(tls, "DATA", 354);
            var content = $"From: <{sender.Address}>\r\nSubject: outer\r\n\r\nHello.{fake}"
                + $"MAIL FROM:<{sender.Address}>\r\nRCPT TO:<smuggled@example.org>\r\nDATA\r\n"
                + $"From: <{sender.Address}>\r\nSubject: inner\r\n\r\nsmuggled\r\n.\r\n";
            var refused = await ExpectAsync(tls, content, 554, terminate: false);
            Assert.Contains("5.6.0", refused);
        }
        await ExpectAsync(tls, $"MAIL FROM:<{sender.Address}>", 250);
        await ExpectAsync(tls, "RCPT TO:<victim@example.org>", 250);
        await ExpectAsync(tls, "DATA", 354);
        var clean = await ExpectAsync(tls, $"From: <{sender.Address}>\r\nSubject: clean\r\n\r\nHello.\r\n.", 250);
        await ExpectAsync(tls, "QUIT", 221);

        var id = EndToEndServer.QueueId(clean);
        var message = Assert.Single(await server.QueryAsync(db => db.Messages.AsNoTracking()
            .Include(m => m.Recipients).ToListAsync()));
        Assert.Equal(id, message.Id.ToString("N"));
        Assert.Equal("victim@example.org", Assert.Single(message.Recipients).Address);
        var body = Encoding.UTF8.GetString((await server.BodyAsync(id))!);
        Assert.DoesNotContain("smuggled", body);
    }

    /// <summary>Sends a line (CRLF added unless the text already ends a message) and reads the reply.</summary>
    private static async Task<string> ExpectAsync(Stream stream, string? line, int code, bool terminate = true)
    {
        if (line is not null)
        {
            var text = terminate ? line + "\r\n" : line;
            await stream.WriteAsync(Encoding.ASCII.GetBytes(text));
            await stream.FlushAsync();
        }
        var reply = await SmtpTestServer.ReadReplyAsync(stream);
        Assert.True(reply.StartsWith(code.ToString(), StringComparison.Ordinal), $"Expected {code}: {reply}");
        return reply;
    }
}
