using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using ColdMail.Configuration;
using ColdMail.Smtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ColdMail.Tests.Smtp;

/// <summary>
/// A session over in-memory pipes: tests write what a client would send and read the replies, with
/// no socket. STARTTLS "succeeds" without encryption so the protocol around it can be checked.
/// </summary>
public sealed class SmtpDialogue : IAsyncDisposable
{
    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Task _session;

    public SmtpDialogue(
        SmtpOptions? options = null,
        bool tls = false,
        FakeSubmissionHandler? handler = null,
        ILogger? logger = null,
        SmtpListenerProfile? profile = null)
    {
        Options = options ?? new SmtpOptions { Hostname = "mail.test.example" };
        Handler = handler ?? new FakeSubmissionHandler();
        var context = new SubmissionContext
        {
            SessionId = "s-test",
            RemoteAddress = IPAddress.Loopback,
            IsTls = tls,
        };
        State = new SmtpSessionState(context, Handler) { Profile = profile ?? SmtpListenerProfile.Submission };
        var engine = new SmtpEngine(new SmtpEngineSettings(Options));
        var limits = new SmtpSessionLimits(
            TimeSpan.FromSeconds(Options.IdleTimeoutSeconds),
            TimeSpan.FromSeconds(Options.SessionTimeoutSeconds));
        var transport = new DuplexPipe(_toServer.Reader, _toClient.Writer);
        var session = new SmtpSession(engine, State, transport, StartTlsAsync, limits, Time,
            logger ?? NullLogger.Instance, _shutdown.Token);
        _session = Task.Run(async () =>
        {
            await session.RunAsync();
            await _toClient.Writer.CompleteAsync();
        });
    }

    public SmtpOptions Options { get; }

    public FakeSubmissionHandler Handler { get; }

    public SmtpSessionState State { get; }

    public FakeTimeProvider Time { get; } = new();

    public int TlsStarts { get; private set; }

    /// <summary>Sends raw text, CRLFs and all, in one write.</summary>
    public async Task SendAsync(string text) => await SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _toServer.Writer.WriteAsync(bytes);
    }

    /// <summary>Reads one complete reply, however many lines; null once the server has closed.</summary>
    public async Task<SmtpTestReply?> ReadReplyAsync()
    {
        var reader = _toClient.Reader;
        var lines = new List<string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var result = await reader.ReadAsync(deadline.Token);
            var buffer = result.Buffer;
            while (TryTakeLine(ref buffer, out var line))
            {
                lines.Add(line);
                if (line.Length < 4 || line[3] != '-')
                {
                    reader.AdvanceTo(buffer.Start);
                    return new SmtpTestReply(int.Parse(line[..3]), lines);
                }
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    public async Task<SmtpTestReply> ExpectAsync(int code)
    {
        var reply = await ReadReplyAsync();
        Assert.NotNull(reply);
        Assert.True(reply.Code == code, $"Expected {code}, got: {reply}");
        return reply;
    }

    /// <summary>Sends one command and checks the code of its reply.</summary>
    public async Task<SmtpTestReply> CommandAsync(string command, int code)
    {
        await SendAsync(command + "\r\n");
        return await ExpectAsync(code);
    }

    /// <summary>Replays a script of commands, each with the code it must get.</summary>
    public async Task ReplayAsync(params (string Command, int Code)[] script)
    {
        foreach (var (command, code) in script)
        {
            var reply = await CommandAsync(command, code);
            Assert.True(reply.Code == code, $"{command} -> {reply}");
        }
    }

    /// <summary>Greeting, EHLO, and a login; under TLS unless told otherwise.</summary>
    public async Task LogInAsync()
    {
        await ExpectAsync(220);
        await CommandAsync("EHLO client.example", 250);
        var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"\0{FakeSubmissionHandler.Address}\0{FakeSubmissionHandler.Key}"));
        await CommandAsync("AUTH PLAIN " + plain, 235);
    }

    /// <summary>Waits until the server closes, and returns anything it still sent.</summary>
    public async Task<List<SmtpTestReply>> DrainAsync()
    {
        var replies = new List<SmtpTestReply>();
        while (await ReadReplyAsync() is { } reply)
        {
            replies.Add(reply);
        }
        await _session.WaitAsync(TimeSpan.FromSeconds(10));
        return replies;
    }

    public void Shutdown() => _shutdown.Cancel();

    public async Task CloseClientAsync() => await _toServer.Writer.CompleteAsync();

    public async ValueTask DisposeAsync()
    {
        await _toServer.Writer.CompleteAsync();
        _shutdown.Cancel();
        await _session.WaitAsync(TimeSpan.FromSeconds(10));
        _shutdown.Dispose();
    }

    private ValueTask<IDuplexPipe> StartTlsAsync(IDuplexPipe plain, CancellationToken cancellationToken)
    {
        TlsStarts++;
        return ValueTask.FromResult(plain);
    }

    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, out string line)
    {
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is null)
        {
            line = string.Empty;
            return false;
        }
        var bytes = buffer.Slice(0, newline.Value).ToArray();
        Assert.True(bytes.Length > 0 && bytes[^1] == '\r', "Every reply line ends with CRLF");
        line = Encoding.UTF8.GetString(bytes, 0, bytes.Length - 1);
        buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
        return true;
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}

/// <summary>One reply as the client saw it.</summary>
public sealed record SmtpTestReply(int Code, IReadOnlyList<string> Lines)
{
    public string Text => string.Join("\n", Lines);

    /// <summary>The enhanced status code of the last line, if it has one.</summary>
    public string? EnhancedCode
    {
        get
        {
            var parts = Lines[^1][4..].Split(' ', 2);
            return parts[0].Count(c => c == '.') == 2 && char.IsDigit(parts[0][0]) ? parts[0] : null;
        }
    }

    public override string ToString() => Text;
}
