using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Text;
using ColdMail.Smtp.Tls;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ColdMail.Tests.Smtp;

public sealed class SmtpListenerTests
{
    private static readonly NetworkCredential Credential =
        new(FakeSubmissionHandler.Address, FakeSubmissionHandler.Key);

    public static TheoryData<bool, string> Connections => new()
    {
        { false, "PLAIN" },
        { false, "LOGIN" },
        { true, "PLAIN" },
        { true, "LOGIN" },
    };

    private static SmtpClient NewClient() => new()
    {
        // The test server's certificate is the self-signed one it made in its data directory.
        ServerCertificateValidationCallback = (_, _, _, _) => true,
        Timeout = 10_000,
    };

    private static MimeMessage NewMessage(string subject)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(FakeSubmissionHandler.Address));
        message.To.Add(MailboxAddress.Parse("someone@example.org"));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = "Hello.\n.\nA line with a lone dot above.\n" };
        return message;
    }

    [Theory]
    [MemberData(nameof(Connections))]
    public async Task MailKit_submits_a_message_over_each_port_and_mechanism(bool implicitTls, string mechanism)
    {
        await using var server = await SmtpTestServer.StartAsync();
        using var client = NewClient();
        var port = implicitTls ? server.ImplicitTlsPort : server.StartTlsPort;
        var security = implicitTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;

        await client.ConnectAsync("127.0.0.1", port, security);
        SaslMechanism sasl = mechanism == "PLAIN"
            ? new SaslMechanismPlain(Credential)
            : new SaslMechanismLogin(Credential);
        await client.AuthenticateAsync(sasl);
        await client.SendAsync(NewMessage($"via {mechanism}"));
        await client.DisconnectAsync(true);

        var received = Encoding.UTF8.GetString(Assert.Single(server.Handler.Messages));
        Assert.Contains($"Subject: via {mechanism}", received);
        Assert.Contains("\r\n.\r\nA line with a lone dot above.", received);
        var login = Assert.Single(server.Handler.Logins);
        Assert.Equal(FakeSubmissionHandler.Address, login.User);
        var context = Assert.Single(server.Handler.MessageContexts);
        Assert.True(context.IsTls);
        Assert.Equal(["someone@example.org"], context.Recipients);
    }

    [Fact]
    public async Task AUTH_is_not_advertised_before_TLS()
    {
        await using var server = await SmtpTestServer.StartAsync();
        using var client = NewClient();

        await client.ConnectAsync("127.0.0.1", server.StartTlsPort, SecureSocketOptions.None);

        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.StartTLS));
        Assert.False(client.Capabilities.HasFlag(SmtpCapabilities.Authentication));
        Assert.Empty(client.AuthenticationMechanisms);
        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.Pipelining));
        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.EightBitMime));
        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.UTF8));
        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.EnhancedStatusCodes));
        Assert.Equal(25u * 1024 * 1024, client.MaxSize);
        await client.DisconnectAsync(true);
    }

    [Fact]
    public async Task Bytes_sent_with_STARTTLS_never_reach_the_TLS_session()
    {
        await using var server = await SmtpTestServer.StartAsync();
        using var tcp = await server.ConnectRawAsync();
        var plain = tcp.GetStream();
        Assert.StartsWith("220 ", await SmtpTestServer.ReadReplyAsync(plain));
        await plain.WriteAsync("EHLO client.example\r\n"u8.ToArray());
        await SmtpTestServer.ReadReplyAsync(plain);

        await plain.WriteAsync("STARTTLS\r\nHELP\r\n"u8.ToArray());
        Assert.StartsWith("220 2.0.0", await SmtpTestServer.ReadReplyAsync(plain));
        await using var tls = new SslStream(plain, leaveInnerStreamOpen: true, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "mail.test.example",
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        });
        await tls.WriteAsync("EHLO client.example\r\n"u8.ToArray());
        var ehlo = await SmtpTestServer.ReadReplyAsync(tls);

        Assert.StartsWith("250-mail.test.example\r\n", ehlo);
        Assert.Contains("250 AUTH PLAIN LOGIN", ehlo);
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task TLS_1_2_and_1_3_are_served_and_nothing_older_is_enabled(SslProtocols protocol)
    {
        await using var server = await SmtpTestServer.StartAsync();
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.ImplicitTlsPort);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);

        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "mail.test.example",
            EnabledSslProtocols = protocol,
        });

        Assert.Equal(protocol, tls.SslProtocol);
        Assert.StartsWith("220 mail.test.example ESMTP", await SmtpTestServer.ReadReplyAsync(tls));
        var certificates = server.App!.Services.GetRequiredService<SmtpCertificateProvider>();
        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, certificates.ServerOptions.EnabledSslProtocols);
    }

    [Fact]
    public async Task One_address_may_hold_only_so_many_sessions()
    {
        await using var server = await SmtpTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["ColdMail:Smtp:MaxConnectionsPerAddress"] = "1",
        });
        using var first = await server.ConnectRawAsync();
        Assert.StartsWith("220 ", await SmtpTestServer.ReadReplyAsync(first.GetStream()));

        using var second = await server.ConnectRawAsync();
        var refusal = await SmtpTestServer.ReadReplyAsync(second.GetStream());

        Assert.StartsWith("421 4.7.0 Too many connections", refusal);
        Assert.Equal(0, await second.GetStream().ReadAsync(new byte[1]));
    }

    [Fact]
    public async Task Stopping_the_server_tells_open_sessions_it_is_shutting_down()
    {
        await using var server = await SmtpTestServer.StartAsync();
        using var tcp = await server.ConnectRawAsync();
        var stream = tcp.GetStream();
        Assert.StartsWith("220 ", await SmtpTestServer.ReadReplyAsync(stream));

        var stopping = server.StopAsync();
        var reply = await SmtpTestServer.ReadReplyAsync(stream);
        await stopping;

        Assert.StartsWith("421 4.3.2", reply);
    }
}
