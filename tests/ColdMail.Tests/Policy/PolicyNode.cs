using ColdMail.Hosting;
using ColdMail.Queue;
using ColdMail.Smtp;
using ColdMail.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ColdMail.Tests.Policy;

/// <summary>
/// One ColdMail node on a test instance's database, with its own services, a fake clock and
/// captured logs. Two nodes on one instance behave like two servers sharing a database.
/// </summary>
public sealed class PolicyNode : IAsyncDisposable
{
    private PolicyNode(ServiceProvider services, FakeTimeProvider time, CapturedLogs logs)
    {
        Services = services;
        Time = time;
        Logs = logs;
    }

    /// <summary>A Tuesday morning, far from any hour or day boundary.</summary>
    public static DateTimeOffset DefaultStart { get; } = new(2026, 3, 10, 9, 30, 0, TimeSpan.Zero);

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public CapturedLogs Logs { get; }

    public ISubmissionHandler Handler => Services.GetRequiredService<ISubmissionHandler>();

    public MessageAcceptor Acceptor => Services.GetRequiredService<MessageAcceptor>();

    public QueueSignal Signal => Services.GetRequiredService<QueueSignal>();

    public static PolicyNode Create(TestInstance instance, FakeTimeProvider? time = null)
    {
        var clock = time ?? new FakeTimeProvider(DefaultStart);
        var logs = new CapturedLogs();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(instance.Settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddColdMailCore(configuration);
        services.AddSingleton<TimeProvider>(clock);
        return new PolicyNode(services.BuildServiceProvider(), clock, logs);
    }

    public SmtpSession Session(string remoteAddress = "203.0.113.7") => new(this, remoteAddress);

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
