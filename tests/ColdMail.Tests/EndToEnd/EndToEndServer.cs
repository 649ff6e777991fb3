using System.Net;
using System.Text.Json;
using ColdMail.Hosting;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Cli;
using ColdMail.Tests.Support;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ColdMail.Tests.EndToEnd;

/// <summary>
/// The whole product as a user meets it: the real <c>serve</c> host with the real policy on free
/// ports, its own DNS server, and the admin verbs run in-process against the same installation.
/// </summary>
public sealed class EndToEndServer : IAsyncDisposable
{
    public const string Hostname = "mail.test.example";

    // The sending address SPF must authorise: the A record of Smtp:Hostname, as `a:` asks.
    public const string SendingAddress = "192.0.2.25";

    private EndToEndServer(TestInstance instance, TestDnsServer dns, WebApplication? app,
        Dictionary<string, string?> settings)
    {
        Instance = instance;
        Dns = dns;
        App = app;
        Settings = settings;
        Cli = new CliRunner(instance);
        StartTlsPort = int.Parse(settings["ColdMail:Smtp:StartTlsPort"]!);
        ImplicitTlsPort = int.Parse(settings["ColdMail:Smtp:ImplicitTlsPort"]!);
        HttpAddress = new Uri(settings["ColdMail:Http:Urls"]!);
    }

    public TestInstance Instance { get; }

    public TestDnsServer Dns { get; }

    /// <summary>The in-process host; null when the test runs <c>serve</c> as a process of its own.</summary>
    public WebApplication? App { get; }

    /// <summary>Every setting of this installation, the listeners' ports included.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public CliRunner Cli { get; }

    public int StartTlsPort { get; }

    public int ImplicitTlsPort { get; }

    public Uri HttpAddress { get; }

    /// <param name="hosted">
    /// False to set up the installation (database, DNS, ports) without serving it here, for a test that runs
    /// <c>serve</c> as a process of its own (<see cref="ServeProcess"/>).
    /// </param>
    public static async Task<EndToEndServer> StartAsync(
        Action<IServiceCollection>? configureServices = null,
        IReadOnlyDictionary<string, string?>? extra = null,
        bool hosted = true)
    {
        var dns = TestDnsServer.Start();
        dns.AddA(Hostname, SendingAddress);
        TestInstance? instance = null;
        try
        {
            var dnsSettings = new Dictionary<string, string?> { ["ColdMail:Dns:Servers:0"] = dns.Endpoint };
            foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
            {
                dnsSettings[key] = value;
            }
            // The verbs read the same settings as the server, so both see one installation.
            instance = await TestInstance.CreateAsync(extraSettings: dnsSettings);
            var settings = new Dictionary<string, string?>(instance.Settings)
            {
                ["ColdMail:Smtp:ListenAddress"] = "127.0.0.1",
                ["ColdMail:Smtp:StartTlsPort"] = FreePort.Next().ToString(),
                ["ColdMail:Smtp:ImplicitTlsPort"] = FreePort.Next().ToString(),
                ["ColdMail:Http:Urls"] = $"http://127.0.0.1:{FreePort.Next()}",
            };
            if (!hosted)
            {
                return new EndToEndServer(instance, dns, null, settings);
            }
            var app = ServeHost.Build(null, [], settings, configureServices);
            await app.StartAsync();
            return new EndToEndServer(instance, dns, app, settings);
        }
        catch
        {
            if (instance is not null)
            {
                await instance.DisposeAsync();
            }
            await dns.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Sets up a sender as a new user would: add the domain, publish its records, verify it, add
    /// the mailbox and create a key.
    /// </summary>
    public async Task<Sender> AddSenderAsync(string domain, string localPart = "sales")
    {
        await RunAsync("domain", "add", domain);
        await PublishRecordsAsync(domain);
        await RunAsync("domain", "verify", domain);
        var address = $"{localPart}@{domain}";
        await RunAsync("mailbox", "add", address);
        var key = await RunJsonAsync("key", "create", address, "--name", "campaigns", "--json");
        return new Sender(domain, address, key.GetProperty("id").GetString()!,
            key.GetProperty("secret").GetString()!);
    }

    /// <summary>Publishes what <c>domain records --json</c> lists; TTL 0 so a change shows at once.</summary>
    public async Task PublishRecordsAsync(string domain)
    {
        var records = await RunJsonAsync("domain", "records", domain, "--json");
        foreach (var record in records.EnumerateArray())
        {
            var name = record.GetProperty("name").GetString()!;
            var value = record.GetProperty("value").GetString()!;
            if (record.GetProperty("type").GetString() == "CNAME")
            {
                Dns.AddCname(name, value, ttl: 0);
            }
            else
            {
                Dns.AddTxt(name, value, ttl: 0);
            }
        }
    }

    /// <summary>Runs a verb that must succeed and returns what it printed.</summary>
    public async Task<string> RunAsync(params string[] args)
    {
        var result = await Cli.RunAsync(args);
        Assert.True(result.ExitCode == 0,
            $"coldmail {string.Join(' ', args)} exited {result.ExitCode}: {result.Error}{result.Output}");
        return result.Output;
    }

    public async Task<JsonElement> RunJsonAsync(params string[] args)
        => JsonDocument.Parse(await RunAsync(args)).RootElement.Clone();

    /// <summary>The events <c>coldmail logs --json</c> shows for one message.</summary>
    public async Task<List<string>> LoggedEventsAsync(string messageId)
    {
        var rows = await RunJsonAsync("logs", "--json");
        return rows.EnumerateArray()
            .Where(r => r.GetProperty("messageId").GetString() == messageId)
            .Select(r => r.GetProperty("event").GetString()!)
            .ToList();
    }

    public async Task<T> QueryAsync<T>(Func<ColdMailDbContext, Task<T>> query)
    {
        await using var db = Instance.Database.CreateContext();
        return await query(db);
    }

    public Task<Message?> MessageAsync(string messageId)
        => QueryAsync(db => db.Messages.AsNoTracking().Include(m => m.Recipients)
            .FirstOrDefaultAsync(m => m.Id == Guid.ParseExact(messageId, "N")));

    /// <summary>The stored body, read where the server keeps it.</summary>
    public Task<byte[]?> BodyAsync(string messageId)
        => Instance.Database.ReadBodyAsync(Guid.ParseExact(messageId, "N"), CancellationToken.None);

    public static SmtpClient NewClient() => new()
    {
        // The server's certificate is the self-signed one it made in its data directory.
        ServerCertificateValidationCallback = (_, _, _, _) => true,
        Timeout = 20_000,
    };

    /// <summary>A connected, logged-in MailKit client.</summary>
    public async Task<SmtpClient> ConnectAsync(Sender sender, bool implicitTls = false, string mechanism = "PLAIN")
    {
        var client = NewClient();
        try
        {
            var port = implicitTls ? ImplicitTlsPort : StartTlsPort;
            var security = implicitTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
            await client.ConnectAsync("127.0.0.1", port, security);
            var credential = new NetworkCredential(sender.Address, sender.Secret);
            SaslMechanism sasl = mechanism == "PLAIN"
                ? new SaslMechanismPlain(credential)
                : new SaslMechanismLogin(credential);
            await client.AuthenticateAsync(sasl);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public static MimeMessage NewMessage(string from, string to, string subject = "Hello")
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Sales Team", from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = "Hello from the end-to-end test.\n" };
        return message;
    }

    /// <summary>The queue id in a 250 reply's text.</summary>
    public static string QueueId(string reply)
    {
        var match = System.Text.RegularExpressions.Regex.Match(reply, "queued as ([0-9a-f]{32})");
        Assert.True(match.Success, $"No queue id in '{reply}'.");
        return match.Groups[1].Value;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (App is not null)
            {
                await App.StopAsync();
                await App.DisposeAsync();
            }
        }
        finally
        {
            await Instance.DisposeAsync();
            await Dns.DisposeAsync();
        }
    }
}
