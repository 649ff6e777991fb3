using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ColdMail.Delivery;

/// <summary>
/// One outbound SMTP session (RFC 5321) with a remote server: the greeting, EHLO, STARTTLS and AUTH when
/// opened, then any number of transactions (<see cref="RelayTransaction"/>). Commands go out whole; replies
/// are read with a cap on line length and count, each within the command timeout.
/// </summary>
internal sealed class RelayConnection : IAsyncDisposable, IDisposable
{
    // RFC 5321 §4.5.3.1.5 allows 512 octets a reply line; servers exceed it, so allow plenty, not without end.
    private const int MaxReplyLine = 4096;

    // A reply longer than this is an attack or a broken server, not an EHLO list.
    private const int MaxReplyLines = 200;

    private readonly Socket _socket;
    private readonly TimeSpan _commandTimeout;
    private readonly CancellationTokenSource _commandTimer;
    private readonly byte[] _input = new byte[MaxReplyLine * 2];
    private Stream _stream;
    private int _inputStart;
    private int _inputEnd;
    private bool _broken;
    private bool _disposed;

    private RelayConnection(
        Socket socket,
        RouteHost host,
        string remoteAddress,
        TimeSpan commandTimeout,
        TimeProvider time)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _commandTimeout = commandTimeout;
        _commandTimer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        PoolKey = host.PoolKey;
        Host = host.Name;
        RemoteAddress = remoteAddress;
        OpenedAt = time.GetUtcNow();
        LastUsedAt = OpenedAt;
    }

    public string PoolKey { get; }

    public string Host { get; }

    public string RemoteAddress { get; }

    public DateTimeOffset OpenedAt { get; }

    public DateTimeOffset LastUsedAt { get; set; }

    /// <summary>True once it has carried a transaction: a failure then may just mean the server hung up.</summary>
    public bool Reused { get; set; }

    public bool IsSecure => _stream is SslStream;

    public bool IsConnected => !_broken && !_disposed && _socket.Connected;

    public RelayCapabilities Capabilities { get; private set; } = RelayCapabilities.None;

    /// <summary>Cancelled when a reply is overdue: every operation's token must be linked with it.</summary>
    public CancellationToken CommandTimer => _commandTimer.Token;

    /// <summary>
    /// Opens a session on a connected socket: TLS, greeting, EHLO, STARTTLS and AUTH as the host asks.
    /// Throws <see cref="RelayException"/> for what the server refused or lacks, and I/O errors as they come.
    /// </summary>
    public static async Task<RelayConnection> OpenAsync(
        Socket socket,
        RouteHost host,
        string remoteAddress,
        string heloName,
        TimeSpan commandTimeout,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var connection = new RelayConnection(socket, host, remoteAddress, commandTimeout, time);
        try
        {
            await connection.StartAsync(host, heloName, cancellationToken);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private async Task StartAsync(RouteHost host, string heloName, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _commandTimer.Token);
        var token = linked.Token;
        if (host.Security == RelaySecurity.Implicit)
        {
            await ProtectAsync(host, token);
        }
        var greeting = await ReadReplyAsync(token);
        if (greeting.Code != 220)
        {
            throw new RelayException(RelayFault.Refused, $"{Host} refused the session.", greeting);
        }
        await HelloAsync(heloName, token);

        if (host.Security is RelaySecurity.StartTls or RelaySecurity.StartTlsWhenAvailable && !IsSecure)
        {
            if (!Capabilities.StartTls)
            {
                if (host.Security == RelaySecurity.StartTls)
                {
                    throw new RelayException(RelayFault.Unsupported, "STARTTLS is not offered.");
                }
            }
            else
            {
                var ready = await CommandAsync("STARTTLS\r\n", token);
                if (ready.Code != 220)
                {
                    throw new RelayException(RelayFault.Tls, $"{Host} refused STARTTLS.", ready);
                }
                await ProtectAsync(host, token);
                // RFC 3207 §4.2: what was learnt before TLS is forgotten; ask again.
                await HelloAsync(heloName, token);
            }
        }
        if (host.Credentials is { } credentials)
        {
            await AuthenticateAsync(credentials.UserName, credentials.Password, token);
        }
    }

    private async Task HelloAsync(string heloName, CancellationToken token)
    {
        var reply = await CommandAsync($"EHLO {heloName}\r\n", token);
        if (reply.IsPositive)
        {
            Capabilities = RelayCapabilities.Parse(reply.Text);
            return;
        }
        if (reply.ClosesSession)
        {
            throw new RelayException(RelayFault.Refused, $"{Host} closed the session.", reply);
        }
        // RFC 5321 §4.1.4: a server that does not know EHLO still takes HELO.
        reply = await CommandAsync($"HELO {heloName}\r\n", token);
        if (!reply.IsPositive)
        {
            throw new RelayException(RelayFault.Refused, $"{Host} refused HELO.", reply);
        }
        Capabilities = RelayCapabilities.None;
    }

    private async Task ProtectAsync(RouteHost host, CancellationToken token)
    {
        var opportunistic = host.Security == RelaySecurity.StartTlsWhenAvailable;
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host.Name,
            // Opportunistic TLS takes any certificate (RFC 7435 §1.3); a smarthost's must verify.
            RemoteCertificateValidationCallback = opportunistic ? (_, _, _, _) => true : null,
            CertificateRevocationCheckMode = opportunistic ? X509RevocationMode.NoCheck : X509RevocationMode.Online,
        };
        try
        {
            await tls.AuthenticateAsClientAsync(options, token);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            _broken = true;
            throw new RelayException(RelayFault.Tls, $"The TLS handshake with {Host} failed: {ex.Message}");
        }
        _stream = tls;
        _inputStart = _inputEnd = 0;
    }

    private async Task AuthenticateAsync(string user, string password, CancellationToken token)
    {
        var mechanisms = Capabilities.AuthMechanisms;
        RelayReply reply;
        if (mechanisms.Contains("PLAIN"))
        {
            // RFC 4616 §2: authorization identity (empty), NUL, user, NUL, password.
            var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{password}"));
            reply = await CommandAsync($"AUTH PLAIN {plain}\r\n", token);
        }
        else if (mechanisms.Contains("LOGIN"))
        {
            reply = await CommandAsync("AUTH LOGIN\r\n", token);
            if (reply.Code == 334)
            {
                reply = await CommandAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(user)) + "\r\n", token);
            }
            if (reply.Code == 334)
            {
                reply = await CommandAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(password)) + "\r\n", token);
            }
        }
        else
        {
            throw new RelayException(RelayFault.Unsupported, "it offers neither AUTH PLAIN nor AUTH LOGIN");
        }
        if (reply.Code != 235)
        {
            throw new RelayException(RelayFault.Authentication, $"{Host} refused the credentials.", reply);
        }
    }

    /// <summary>Writes one or more command lines and reads the reply to the first.</summary>
    public async Task<RelayReply> CommandAsync(string lines, CancellationToken token)
    {
        await WriteAsync(lines, token);
        return await ReadReplyAsync(token);
    }

    public async Task WriteAsync(string lines, CancellationToken token)
    {
        // Addresses may be UTF-8 under SMTPUTF8 (RFC 6531 §3.2); everything else is ASCII.
        var bytes = Encoding.UTF8.GetBytes(lines);
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            await _stream.WriteAsync(bytes, token);
            await _stream.FlushAsync(token);
        }
        catch
        {
            // Part of the command may be out: the stream is out of step.
            _broken = true;
            throw;
        }
    }

    /// <summary>Writes the message content and the ending dot (<see cref="DataWriter"/>).</summary>
    public async Task WriteDataAsync(ReadOnlyMemory<byte> head, ReadOnlyMemory<byte> body, CancellationToken token)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            await DataWriter.WriteAsync(_stream, head, body, token);
        }
        catch
        {
            _broken = true;
            throw;
        }
    }

    /// <summary>Reads one reply, every line of it, within the command timeout.</summary>
    public async Task<RelayReply> ReadReplyAsync(CancellationToken token)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            return await ReadWholeReplyAsync(token);
        }
        catch
        {
            // A reply read in part leaves the rest where the next command would take it for its own.
            _broken = true;
            throw;
        }
    }

    private async Task<RelayReply> ReadWholeReplyAsync(CancellationToken token)
    {
        _commandTimer.CancelAfter(_commandTimeout);
        var text = new StringBuilder();
        var code = 0;
        for (var count = 1; ; count++)
        {
            var line = await ReadLineAsync(token);
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), out var lineCode) || lineCode < 200
                || (code != 0 && lineCode != code) || (line.Length > 3 && line[3] is not (' ' or '-')))
            {
                throw new RelayException(RelayFault.Protocol, $"{Host} sent a malformed reply.");
            }
            code = lineCode;
            if (text.Length > 0)
            {
                text.Append('\n');
            }
            if (line.Length > 4)
            {
                text.Append(line, 4, line.Length - 4);
            }
            if (line.Length == 3 || line[3] == ' ')
            {
                _commandTimer.CancelAfter(Timeout.InfiniteTimeSpan);
                return new RelayReply(code, text.ToString());
            }
            if (count == MaxReplyLines)
            {
                throw new RelayException(RelayFault.Protocol, $"{Host} sent a reply of too many lines.");
            }
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken token)
    {
        while (true)
        {
            var buffered = _input.AsSpan(_inputStart, _inputEnd - _inputStart);
            var newline = buffered.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = buffered[..newline];
                _inputStart += newline + 1;
                if (line.Length > MaxReplyLine)
                {
                    throw new RelayException(RelayFault.Protocol, $"{Host} sent a reply line that is too long.");
                }
                return Encoding.UTF8.GetString(line.EndsWith((byte)'\r') ? line[..^1] : line);
            }
            if (buffered.Length > MaxReplyLine)
            {
                throw new RelayException(RelayFault.Protocol, $"{Host} sent a reply line that is too long.");
            }
            buffered.CopyTo(_input);
            _inputEnd = buffered.Length;
            _inputStart = 0;
            var read = await _stream.ReadAsync(_input.AsMemory(_inputEnd), token);
            if (read == 0)
            {
                throw new IOException($"{Host} closed the connection.");
            }
            _inputEnd += read;
        }
    }

    /// <summary>QUIT (RFC 5321 §4.1.1.10), as a courtesy: a server that does not answer soon is left.</summary>
    public async Task QuitAsync(CancellationToken cancellationToken)
    {
        if (!IsConnected)
        {
            return;
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _commandTimer.Token);
        await CommandAsync("QUIT\r\n", linked.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await _stream.DisposeAsync();
        _commandTimer.Dispose();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _stream.Dispose();
        _commandTimer.Dispose();
    }
}
