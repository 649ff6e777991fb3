using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ColdMail.Tests.Support;

/// <summary>
/// A receiving SMTP server for delivery tests, standing in for a recipient's MX on 127.0.0.x. It speaks
/// EHLO, optional STARTTLS and AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP and QUIT, answers each command
/// from a script (per recipient for RCPT) or with success, and records what it received.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    /// <summary>A scripted reply that is never sent: the server goes silent, to test the client's timeouts.</summary>
    public const string Silence = "(silence)";

    private readonly TcpListener _listener;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _mailReplies = new();
    private readonly ConcurrentQueue<string> _dataReplies = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _rcptReplies =
        new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ReceivedMessage> _messages = [];
    private readonly List<TaskCompletionSource> _waiters = [];
    private readonly List<Task> _sessions = [];
    private readonly Lock _lock = new();
    private readonly Task _acceptLoop;
    private readonly TaskCompletionSource _silenced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _connections;
    private int _unexpectedPipelining;

    private TestSmtpServer(TcpListener listener, X509Certificate2? certificate)
    {
        _listener = listener;
        _certificate = certificate;
        var endPoint = (IPEndPoint)listener.LocalEndpoint;
        Address = endPoint.Address.ToString();
        Port = endPoint.Port;
        _acceptLoop = Task.Run(AcceptAsync);
    }

    public string Address { get; }

    public int Port { get; }

    /// <summary>The first line a client sees; a 4yz or 5yz greeting refuses the session.</summary>
    public string Greeting { get; set; } = "220 mx.test.example ESMTP ready";

    /// <summary>AUTH PLAIN credentials to demand, as for a smarthost; null offers no AUTH.</summary>
    public NetworkCredential? RequiredCredentials { get; set; }

    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>Whether EHLO offers PIPELINING (RFC 2920); without it a client must wait for each reply.</summary>
    public bool Pipelining { get; set; } = true;

    /// <summary>Commands that arrived behind another before its reply while PIPELINING was not offered.</summary>
    public int UnexpectedPipelining => Volatile.Read(ref _unexpectedPipelining);

    /// <summary>Completes when a <see cref="Silence"/> reply is reached: the client is now waiting in vain.</summary>
    public Task Silenced => _silenced.Task;

    public IReadOnlyList<ReceivedMessage> Messages
    {
        get
        {
            lock (_lock)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Starts on a free port, or on <paramref name="port"/> at another loopback address.</summary>
    public static TestSmtpServer Start(bool tls = false, string address = "127.0.0.1", int port = 0)
    {
        var listener = new TcpListener(IPAddress.Parse(address), port);
        listener.Start();
        return new TestSmtpServer(listener, tls ? CreateCertificate() : null);
    }

    /// <summary>Replies to the next MAIL commands, in order; then 250.</summary>
    public void ScriptMail(params string[] replies) => Array.ForEach(replies, _mailReplies.Enqueue);

    /// <summary>Replies to the next RCPT commands for <paramref name="recipient"/>, in order; then 250.</summary>
    public void ScriptRcpt(string recipient, params string[] replies)
    {
        var queue = _rcptReplies.GetOrAdd(recipient, _ => new ConcurrentQueue<string>());
        Array.ForEach(replies, queue.Enqueue);
    }

    /// <summary>Replies after the next messages' data, in order; then 250.</summary>
    public void ScriptData(params string[] replies) => Array.ForEach(replies, _dataReplies.Enqueue);

    /// <summary>Completes once <paramref name="count"/> messages have been received in all.</summary>
    public async Task WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (true)
        {
            Task received;
            lock (_lock)
            {
                if (_messages.Count >= count)
                {
                    return;
                }
                var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add(waiter);
                received = waiter.Task;
            }
            await received.WaitAsync(limit.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] sessions;
        lock (_lock)
        {
            sessions = [.. _sessions];
        }
        try
        {
            await Task.WhenAll(sessions.Append(_acceptLoop));
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException
            or ObjectDisposedException)
        {
            // Stopping: open sessions end as their sockets close.
        }
        _certificate?.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var id = Interlocked.Increment(ref _connections);
            lock (_lock)
            {
                _sessions.Add(Task.Run(() => ServeAsync(client, id)));
            }
        }
    }

    private async Task ServeAsync(TcpClient client, int connectionId)
    {
        using var _ = client;
        Stream stream = client.GetStream();
        var reader = new LineReader(stream);
        var tls = false;
        var transaction = new Transaction();
        try
        {
            await WriteAsync(stream, Greeting);
            if (!Greeting.StartsWith('2'))
            {
                return;
            }
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (!Pipelining && reader.HasUnread)
                {
                    Interlocked.Increment(ref _unexpectedPipelining);
                }
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                var argument = line.Length > verb.Length ? line[(verb.Length + 1)..] : string.Empty;
                switch (verb)
                {
                    case "EHLO" or "HELO":
                        transaction = new Transaction { Helo = argument };
                        await WriteAsync(stream, Capabilities(tls));
                        break;
                    case "STARTTLS" when _certificate is not null && !tls:
                        await WriteAsync(stream, "220 2.0.0 Ready to start TLS");
                        var secure = new SslStream(stream);
                        await secure.AuthenticateAsServerAsync(_certificate, false, false);
                        (stream, tls, transaction) = (secure, true, new Transaction { Helo = transaction.Helo });
                        reader = new LineReader(stream);
                        break;
                    case "AUTH":
                        await AuthenticateAsync(stream, reader, argument, transaction);
                        break;
                    case "MAIL":
                        var mailReply = _mailReplies.TryDequeue(out var m) ? m : "250 2.1.0 Sender OK";
                        if (RequiredCredentials is not null && !transaction.Authenticated)
                        {
                            mailReply = "530 5.7.0 Authentication required";
                        }
                        if (!await ReplyAsync(stream, mailReply))
                        {
                            return;
                        }
                        if (mailReply.StartsWith('2'))
                        {
                            transaction.Begin(Between(argument, '<', '>'));
                        }
                        break;
                    case "RCPT":
                        var recipient = Between(argument, '<', '>');
                        var rcptReply =
                            _rcptReplies.TryGetValue(recipient, out var queue) && queue.TryDequeue(out var r)
                                ? r
                                : "250 2.1.5 Recipient OK";
                        if (!await ReplyAsync(stream, rcptReply))
                        {
                            return;
                        }
                        if (rcptReply.StartsWith('2'))
                        {
                            transaction.Recipients.Add(recipient);
                        }
                        break;
                    case "DATA":
                        if (transaction.MailFrom is null || transaction.Recipients.Count == 0)
                        {
                            await WriteAsync(stream, "554 5.5.1 No valid recipients");
                            break;
                        }
                        await WriteAsync(stream, "354 Go ahead");
                        var data = await reader.ReadDataAsync(_stop.Token);
                        var dataReply = _dataReplies.TryDequeue(out var d) ? d : "250 2.0.0 Queued";
                        if (dataReply.StartsWith('2'))
                        {
                            Record(new ReceivedMessage(transaction.MailFrom, [.. transaction.Recipients], data, tls,
                                connectionId, transaction.Helo));
                        }
                        if (!await ReplyAsync(stream, dataReply))
                        {
                            return;
                        }
                        transaction.Begin(null);
                        break;
                    case "RSET":
                        transaction.Begin(null);
                        await WriteAsync(stream, "250 2.0.0 OK");
                        break;
                    case "NOOP":
                        await WriteAsync(stream, "250 2.0.0 OK");
                        break;
                    case "QUIT":
                        await WriteAsync(stream, "221 2.0.0 Bye");
                        return;
                    default:
                        await WriteAsync(stream, "500 5.5.2 Command not recognised");
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException
            or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            // The client went away or the test is over.
        }
    }

    private string Capabilities(bool tls)
    {
        var lines = new List<string>
        {
            "mx.test.example", "8BITMIME", "ENHANCEDSTATUSCODES", "SIZE 10485760",
        };
        if (Pipelining)
        {
            lines.Add("PIPELINING");
        }
        if (_certificate is not null && !tls)
        {
            lines.Add("STARTTLS");
        }
        if (RequiredCredentials is not null)
        {
            lines.Add("AUTH PLAIN");
        }
        return string.Join("\r\n", lines.Select((l, i) => (i == lines.Count - 1 ? "250 " : "250-") + l));
    }

    private async Task AuthenticateAsync(Stream stream, LineReader reader, string argument, Transaction transaction)
    {
        var parts = argument.Split(' ', 2);
        var response = parts.Length > 1 ? parts[1] : null;
        if (response is null)
        {
            await WriteAsync(stream, "334 ");
            response = await reader.ReadLineAsync(_stop.Token) ?? string.Empty;
        }
        var expected = RequiredCredentials is { } c ? $"\0{c.UserName}\0{c.Password}" : null;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(response));
        }
        catch (FormatException)
        {
            decoded = string.Empty;
        }
        transaction.Authenticated = expected is not null && decoded == expected;
        await WriteAsync(stream, transaction.Authenticated
            ? "235 2.7.0 Authentication successful"
            : "535 5.7.8 Authentication credentials invalid");
    }

    private void Record(ReceivedMessage message)
    {
        lock (_lock)
        {
            _messages.Add(message);
            foreach (var waiter in _waiters)
            {
                waiter.TrySetResult();
            }
            _waiters.Clear();
        }
    }

    /// <summary>Sends a scripted reply; false when the script says to fall silent.</summary>
    private async Task<bool> ReplyAsync(Stream stream, string reply)
    {
        if (reply == Silence)
        {
            _silenced.TrySetResult();
            await Task.Delay(Timeout.Infinite, _stop.Token);
            return false;
        }
        await WriteAsync(stream, reply);
        return true;
    }

    private async Task WriteAsync(Stream stream, string reply)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(reply + "\r\n"), _stop.Token);
        await stream.FlushAsync(_stop.Token);
    }

    private static string Between(string text, char open, char close)
    {
        var start = text.IndexOf(open);
        var end = text.IndexOf(close, start + 1);
        return start < 0 || end < 0 ? text : text[(start + 1)..end];
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(
            "CN=mx.test.example", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    private sealed class Transaction
    {
        public string? MailFrom { get; private set; }

        public List<string> Recipients { get; } = [];

        public bool Authenticated { get; set; }

        public string? Helo { get; init; }

        public void Begin(string? mailFrom)
        {
            MailFrom = mailFrom;
            Recipients.Clear();
        }
    }

    /// <summary>Reads CRLF lines and dot-stuffed data (RFC 5321 §4.5.2) with a cap on line length.</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[8192];
        private int _start;
        private int _end;

        /// <summary>True when the client sent more than the line just read without waiting for a reply.</summary>
        public bool HasUnread => _start < _end;

        public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
            => await ReadRawLineAsync(cancellationToken) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

        public async Task<byte[]> ReadDataAsync(CancellationToken cancellationToken)
        {
            var data = new MemoryStream();
            while (await ReadRawLineAsync(cancellationToken) is { } line)
            {
                if (line is [(byte)'.'])
                {
                    break;
                }
                var start = line.Length > 0 && line[0] == '.' ? 1 : 0;
                data.Write(line, start, line.Length - start);
                data.Write("\r\n"u8);
            }
            return data.ToArray();
        }

        private async Task<byte[]?> ReadRawLineAsync(CancellationToken cancellationToken)
        {
            var line = new MemoryStream();
            while (true)
            {
                for (var i = _start; i < _end; i++)
                {
                    if (_buffer[i] == '\n')
                    {
                        line.Write(_buffer, _start, i - _start);
                        _start = i + 1;
                        var bytes = line.ToArray();
                        return bytes.Length > 0 && bytes[^1] == '\r' ? bytes[..^1] : bytes;
                    }
                }
                line.Write(_buffer, _start, _end - _start);
                if (line.Length > 10 * 1024 * 1024)
                {
                    throw new IOException("Line too long.");
                }
                _start = _end = 0;
                var read = await stream.ReadAsync(_buffer, cancellationToken);
                if (read == 0)
                {
                    return null;
                }
                _end = read;
            }
        }
    }
}
