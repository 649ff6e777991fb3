using System.Net;
using System.Net.Sockets;

namespace ColdMail.Tests.Support;

/// <summary>
/// Ports for test servers that bind by number, so parallel tests never share a fixed port. They come from below
/// the kernel's ephemeral range, where no outgoing connection of another test can take one between the check
/// and the bind, and each is handed out once per test run.
/// </summary>
public static class FreePort
{
    private const int First = 10000;

    private static readonly int Last = EphemeralStart() - 1;
    private static int s_next = Random.Shared.Next(0, Last - First);

    public static int Next()
    {
        var span = Last - First + 1;
        for (var attempt = 0; attempt < span; attempt++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref s_next) % (uint)span);
            if (IsFree(port))
            {
                return port;
            }
        }
        throw new InvalidOperationException($"No free loopback port between {First} and {Last}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // Linux's ip_local_port_range; 32768 is its default low end.
    private static int EphemeralStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split(
                ['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            return int.TryParse(range[0], out var low) && low > First + 1000 ? low : 32768;
        }
        catch (IOException)
        {
            return 32768;
        }
    }
}
