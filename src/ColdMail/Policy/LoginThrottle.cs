using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ColdMail.Configuration;
using Microsoft.Extensions.Options;

namespace ColdMail.Policy;

/// <summary>
/// Slows password guessing: after too many failed logins within a sliding window, from one client
/// address or for one user name, further attempts are refused without being checked until the
/// oldest failure ages out.
/// </summary>
internal sealed class LoginThrottle(TimeProvider time, IOptions<ColdMailOptions> options)
{
    // Limitation: the windows live in this process, so each node of a cluster counts on its own
    // and an attacker spread over N nodes gets N times the attempts. With 256-bit keys guessing
    // stays hopeless either way; a shared table would cost a write per failure.
    // Limitation: a user-name window can be filled by someone who only knows the address, holding
    // off that mailbox's logins for one window; the per-address window limits how often one
    // client can do so.

    // Past this many tracked keys, windows that have aged out are swept so memory stays bounded.
    private const int SweepThreshold = 10_000;

    private readonly ConcurrentDictionary<string, FailureWindow> _byAddress = new();
    private readonly ConcurrentDictionary<string, FailureWindow> _byUser = new();
    private readonly SmtpOptions _smtp = options.Value.Smtp;

    private TimeSpan Window => TimeSpan.FromSeconds(_smtp.AuthFailureWindowSeconds);

    /// <summary>How long the client must wait, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(IPAddress client, string userKey)
    {
        var now = time.GetUtcNow();
        DateTimeOffset? until = null;
        if (_byAddress.TryGetValue(AddressKey(client), out var byAddress))
        {
            until = byAddress.BlockedUntil(now, Window, _smtp.MaxAuthFailuresPerAddress);
        }
        if (_byUser.TryGetValue(userKey, out var byUser)
            && byUser.BlockedUntil(now, Window, _smtp.MaxAuthFailuresPerUser) is { } userUntil
            && (until is null || userUntil > until))
        {
            until = userUntil;
        }
        return until - now;
    }

    /// <summary>
    /// Counts a failed login; true when it makes the address or the user name throttled.
    /// </summary>
    public bool RecordFailure(IPAddress client, string userKey)
    {
        var now = time.GetUtcNow();
        var engaged = _byAddress.GetOrAdd(AddressKey(client), _ => new FailureWindow())
            .Add(now, Window, _smtp.MaxAuthFailuresPerAddress);
        engaged |= _byUser.GetOrAdd(userKey, _ => new FailureWindow())
            .Add(now, Window, _smtp.MaxAuthFailuresPerUser);
        Sweep(_byAddress, now);
        Sweep(_byUser, now);
        return engaged;
    }

    /// <summary>
    /// IPv4 counts per address. IPv6 counts per /64, the block one customer usually gets (RFC
    /// 6177), so a client cannot reset its window by hopping to the next address of its own
    /// network.
    /// </summary>
    internal static string AddressKey(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    private void Sweep(ConcurrentDictionary<string, FailureWindow> windows, DateTimeOffset now)
    {
        if (windows.Count <= SweepThreshold)
        {
            return;
        }
        foreach (var (key, window) in windows)
        {
            if (window.IsIdle(now, Window))
            {
                windows.TryRemove(key, out _);
            }
        }
    }
}
