using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ColdMail.Bench.Tests;

/// <summary>
/// A small plain-text SMTP server on a free loopback port that takes one password and refuses the
/// recipients a test names, recording what each session asked for.
/// </summary>
internal sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly string _password;
    private readonly Func<string, bool> _refuseRecipient;
    private readonly ConcurrentBag<Task> _sessions = [];

    public ScriptedSmtpServer(string password, Func<string, bool>? refuseRecipient = null)
    {
        _password = password;
        _refuseRecipient = refuseRecipient ?? (_ => false);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<string> Commands { get; } = new();

    public int Connections;

    public int Messages;

    public int Count(string verb) => Commands.Count(c => c.StartsWith(verb, StringComparison.OrdinalIgnoreCase));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAll([.. _sessions, _accepting]).ContinueWith(_ => { }, TaskScheduler.Default);
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
            Interlocked.Increment(ref Connections);
            _sessions.Add(ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var token = _stop.Token;
        var recipients = 0;
        try
        {
            await Reply(stream, "220 scripted.test ESMTP", token);
            while (await reader.ReadLineAsync(token) is { } line)
            {
                Commands.Enqueue(line);
                var verb = line.Split(' ')[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await Reply(stream, "250-scripted.test\r\n250-PIPELINING\r\n250 SIZE 10000000", token);
                        break;
                    case "AUTH":
                        var plain = Encoding.UTF8.GetString(Convert.FromBase64String(line.Split(' ')[2]));
                        var ok = plain.Split('\0')[2] == _password;
                        await Reply(stream, ok ? "235 2.7.0 ok" : "535 5.7.8 bad key", token);
                        break;
                    case "MAIL" or "RSET":
                        recipients = 0;
                        await Reply(stream, "250 2.1.0 ok", token);
                        break;
                    case "RCPT":
                        var refused = _refuseRecipient(line[(line.IndexOf('<') + 1)..line.IndexOf('>')]);
                        recipients += refused ? 0 : 1;
                        await Reply(stream, refused ? "550 5.1.1 no such user" : "250 2.1.5 ok", token);
                        break;
                    case "DATA" when recipients == 0:
                        await Reply(stream, "554 5.5.1 no valid recipients", token);
                        break;
                    case "DATA":
                        await Reply(stream, "354 go ahead", token);
                        while (await reader.ReadLineAsync(token) is { } data && data != ".")
                        {
                        }
                        Interlocked.Increment(ref Messages);
                        await Reply(stream, "250 2.0.0 queued", token);
                        break;
                    case "QUIT":
                        await Reply(stream, "221 2.0.0 bye", token);
                        return;
                    default:
                        await Reply(stream, "502 5.5.1 not here", token);
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the test ended.
        }
    }

    private static async Task Reply(NetworkStream stream, string text, CancellationToken token)
        => await stream.WriteAsync(Encoding.ASCII.GetBytes(text + "\r\n"), token);
}
