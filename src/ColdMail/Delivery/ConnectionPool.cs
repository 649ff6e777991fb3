using System.Collections.Concurrent;
using ColdMail.Configuration;
using Microsoft.Extensions.Options;

namespace ColdMail.Delivery;

/// <summary>
/// Idle SMTP sessions by host and port, so the next message to the same host skips the TCP and TLS
/// handshakes and the greeting (RFC 5321 §3.3 allows many transactions per session). Sessions are
/// closed with QUIT once idle too long or open too long.
/// </summary>
internal sealed class ConnectionPool(IOptions<ColdMailOptions> options, TimeProvider time)
    : IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentStack<RelayConnection>> _idle = new();
    private readonly TimeSpan _idleLimit = TimeSpan.FromSeconds(options.Value.Delivery.IdleConnectionSeconds);
    private readonly TimeSpan _lifetime = TimeSpan.FromSeconds(options.Value.Delivery.ConnectionLifetimeSeconds);
    private bool _disposed;

    /// <summary>An open idle session to the host, or null.</summary>
    public async Task<RelayConnection?> TakeAsync(string key, CancellationToken cancellationToken)
    {
        if (!_idle.TryGetValue(key, out var stack))
        {
            return null;
        }
        var now = time.GetUtcNow();
        while (stack.TryPop(out var client))
        {
            if (IsUsable(client, now))
            {
                return client;
            }
            await CloseAsync(client, cancellationToken);
        }
        return null;
    }

    public async Task ReturnAsync(RelayConnection client, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        client.LastUsedAt = now;
        client.Reused = true;
        if (_disposed || !IsUsable(client, now))
        {
            await CloseAsync(client, cancellationToken);
            return;
        }
        _idle.GetOrAdd(client.PoolKey, _ => new ConcurrentStack<RelayConnection>()).Push(client);
    }

    /// <summary>Closes the sessions that sat idle too long; the queue calls it between polls.</summary>
    public async Task PruneAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var stack in _idle.Values)
        {
            var keep = new List<RelayConnection>();
            while (stack.TryPop(out var client))
            {
                if (IsUsable(client, now))
                {
                    keep.Add(client);
                }
                else
                {
                    await CloseAsync(client, cancellationToken);
                }
            }
            keep.Reverse();
            foreach (var client in keep)
            {
                stack.Push(client);
            }
        }
    }

    public int IdleCount => _idle.Values.Sum(s => s.Count);

    public async Task CloseAsync(RelayConnection client, CancellationToken cancellationToken)
    {
        try
        {
            // QUIT is a courtesy (RFC 5321 §4.1.1.10); a server that does not answer soon is left.
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
            using var quit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
            await client.QuitAsync(quit.Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException
            or RelayException or System.Net.Sockets.SocketException)
        {
            // Already gone; nothing was waiting on this session.
        }
        finally
        {
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var stack in _idle.Values)
        {
            while (stack.TryPop(out var client))
            {
                await CloseAsync(client, CancellationToken.None);
            }
        }
    }

    /// <summary>For a container disposed synchronously: sessions are dropped without QUIT.</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var stack in _idle.Values)
        {
            while (stack.TryPop(out var client))
            {
                client.Dispose();
            }
        }
    }

    private bool IsUsable(RelayConnection client, DateTimeOffset now)
        => client.IsConnected && now - client.LastUsedAt < _idleLimit && now - client.OpenedAt < _lifetime;
}
