using System.Net;
using System.Net.Sockets;

namespace ColdMail.Tests.Support;

/// <summary>Ports the system has just handed out, so parallel tests never share a fixed port.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
