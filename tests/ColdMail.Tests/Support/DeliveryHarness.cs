using System.Text;
using ColdMail.Configuration;
using ColdMail.Delivery;
using ColdMail.Dkim;
using ColdMail.Hosting;
using ColdMail.Queue;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace ColdMail.Tests.Support;

/// <summary>
/// Delivery as <c>serve</c> wires it, against a fresh database, a test DNS server and a fake clock: the
/// sending domain <see cref="SenderDomain"/> has a DKIM key in DNS, and tests enqueue messages as the
/// submission side would, then run queue passes and read back states and log entries.
/// </summary>
public sealed class DeliveryHarness : IAsyncDisposable
{
    public const string SenderDomain = "sender.test";
    public const string Sender = "sales@sender.test";

    private DeliveryHarness(TestInstance instance, TestDnsServer dns, FakeTimeProvider time, TestDkimKeys keys,
        ServiceProvider services, Guid workspaceId, Guid domainId)
    {
        Instance = instance;
        Dns = dns;
        Time = time;
        Keys = keys;
        Services = services;
        WorkspaceId = workspaceId;
        DomainId = domainId;
    }

    public TestInstance Instance { get; }

    public TestDnsServer Dns { get; }

    public FakeTimeProvider Time { get; }

    public TestDkimKeys Keys { get; }

    public ServiceProvider Services { get; }

    public Guid WorkspaceId { get; }

    public Guid DomainId { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>The hosted workers as <c>serve</c> runs them; tests start and stop them.</summary>
    public IHostedService Worker => Services.GetServices<IHostedService>().OfType<DeliveryWorker>().Single();

    /// <param name="provider">The database to run on.</param>
    /// <param name="remotePort">The port every MX is reached on: the test SMTP servers'.</param>
    /// <param name="settings">More settings, such as a retry schedule.</param>
    /// <param name="ed25519">Whether the sender domain has an Ed25519 key beside its RSA key.</param>
    public static async Task<DeliveryHarness> CreateAsync(
        DatabaseProvider provider = DatabaseProvider.Sqlite,
        int remotePort = 25,
        IReadOnlyDictionary<string, string?>? settings = null,
        bool ed25519 = false)
    {
        var dns = TestDnsServer.Start();
        var all = new Dictionary<string, string?>
        {
            ["ColdMail:Dns:Servers:0"] = dns.Endpoint,
            ["ColdMail:Delivery:RemotePort"] = remotePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Tests fail fast rather than wait the RFC's minutes on a bug.
            ["ColdMail:Delivery:CommandTimeoutSeconds"] = "20",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var instance = await TestInstance.CreateAsync(provider, all);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var keys = TestDkimKeys.Publish(dns, SenderDomain, ed25519);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(instance.Settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddColdMailCore(configuration);
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
        services.AddSingleton<IDkimKeyProvider>(keys);
        services.AddDeliveryWorker();
        var provided = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        await using var db = instance.Database.CreateContext();
        var workspace = await db.Workspaces.SingleAsync();
        var domain = new Domain
        {
            Id = Guid.CreateVersion7(),
            WorkspaceId = workspace.Id,
            Name = SenderDomain,
            CreatedAt = time.GetUtcNow(),
            VerificationState = DomainVerificationState.Verified,
        };
        db.Domains.Add(domain);
        await db.SaveChangesAsync();
        return new DeliveryHarness(instance, dns, time, keys, provided, workspace.Id, domain.Id);
    }

    /// <summary>Points <paramref name="domain"/>'s MX at a test server, as the one host of preference 10.</summary>
    public void RouteTo(string domain, TestSmtpServer server, string host = "mx1")
    {
        Dns.AddMx(domain, 10, $"{host}.{domain}");
        Dns.AddA($"{host}.{domain}", server.Address);
    }

    /// <summary>Stores a message as the submission side does: body, metadata, a Scheduled row per recipient.</summary>
    public async Task<Guid> EnqueueAsync(params string[] recipients)
        => await EnqueueAsync(Build(recipients), recipients);

    public async Task<Guid> EnqueueAsync(MimeMessage message, IReadOnlyList<string> recipients)
    {
        var now = Time.GetUtcNow();
        using var content = new MemoryStream();
        // CRLF, as SMTP carries it and acceptance stores it.
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        await message.WriteToAsync(format, content);
        var id = Guid.CreateVersion7();
        var bytes = content.ToArray();
        // Where the server writes bodies to files, so does this, and delivery reads them back from there.
        var location = Instance.Database.Bodies?.Append(bytes);
        Instance.Database.Bodies?.Sync();
        await using var db = Instance.Database.CreateContext();
        db.Messages.Add(new Message
        {
            Id = id,
            WorkspaceId = WorkspaceId,
            DomainId = DomainId,
            MailboxId = Guid.NewGuid(),
            MailFrom = Sender,
            HeaderMessageId = message.MessageId,
            Size = content.Length,
            ReceivedAt = now,
            BodySegment = location?.Segment,
            BodyOffset = location?.Offset,
            BodyChecksum = location?.Checksum,
            Recipients = [.. recipients.Select(r => new MessageRecipient
            {
                Address = r,
                Domain = r[(r.LastIndexOf('@') + 1)..].ToLowerInvariant(),
                State = RecipientState.Scheduled,
                NextAttemptAt = now,
                UpdatedAt = now,
            })],
        });
        if (location is null)
        {
            db.MessageBodies.Add(new MessageBody { MessageId = id, Content = bytes });
        }
        await db.SaveChangesAsync();
        Get<QueueSignal>().Notify();
        return id;
    }

    /// <summary>A message with the headers a campaign tool sends, 8-bit text and a line longer than 78.</summary>
    public static MimeMessage Build(IReadOnlyList<string> recipients, string subject = "Quick question")
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Sam Sales", Sender));
        message.To.AddRange(recipients.Select(r => new MailboxAddress(string.Empty, r)));
        message.Subject = subject;
        message.Date = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        message.MessageId = $"{Guid.NewGuid():N}@{SenderDomain}";
        message.Headers.Add("List-Unsubscribe", "<mailto:unsubscribe@sender.test?subject=stop>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        var text = new StringBuilder()
            .AppendLine("Hi there,")
            .AppendLine()
            .AppendLine("Would a short call next week suit you? Café on me — naïve résumé.")
            .AppendLine(new string('x', 120))
            .AppendLine(". a line that starts with a dot")
            .ToString();
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    /// <summary>One queue pass as a worker named <paramref name="owner"/> makes it.</summary>
    public Task<int> RunOnceAsync(string owner = "worker-a")
        => Get<QueueProcessor>().RunOnceAsync(owner, CancellationToken.None, CancellationToken.None);

    /// <summary>Passes until nothing due is left; returns how many were made.</summary>
    public async Task<int> DrainAsync(string owner = "worker-a")
    {
        var passes = 0;
        while (await RunOnceAsync(owner) > 0)
        {
            passes++;
        }
        return passes;
    }

    public async Task<List<MessageRecipient>> RecipientsAsync(Guid messageId)
    {
        await using var db = Instance.Database.CreateContext();
        return await db.MessageRecipients.AsNoTracking().Where(r => r.MessageId == messageId)
            .OrderBy(r => r.Id).ToListAsync();
    }

    public async Task<List<EmailLogEntry>> LogAsync(Guid messageId)
    {
        await using var db = Instance.Database.CreateContext();
        return await db.EmailLog.AsNoTracking().Where(e => e.MessageId == messageId).OrderBy(e => e.Id).ToListAsync();
    }

    public async Task<List<Suppression>> SuppressionsAsync()
    {
        await using var db = Instance.Database.CreateContext();
        return await db.Suppressions.AsNoTracking().Where(s => s.WorkspaceId == WorkspaceId).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Instance.DisposeAsync();
        await Dns.DisposeAsync();
    }
}
