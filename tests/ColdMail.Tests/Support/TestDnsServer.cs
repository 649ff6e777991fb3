using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ColdMail.Tests.Support;

/// <summary>
/// A small authoritative DNS server for tests: real RFC 1035 wire format over UDP and TCP on
/// 127.0.0.1, with records that tests add and remove while it runs. Names it knows nothing about
/// answer NXDOMAIN; a known name without the asked type answers NOERROR with no answers.
/// </summary>
public sealed class TestDnsServer : IAsyncDisposable
{
    private const ushort TypeA = 1;
    private const ushort TypeCname = 5;
    private const ushort TypeMx = 15;
    private const ushort TypeTxt = 16;
    private const ushort TypeAaaa = 28;
    private const ushort TypeOpt = 41;
    private const ushort ClassIn = 1;
    private const int HeaderLength = 12;
    // RFC 1035 section 4.2.1: without EDNS a UDP message is at most 512 bytes.
    private const int ClassicUdpLimit = 512;
    // RFC 1034 section 3.6.2: follow a CNAME chain, but never forever.
    private const int MaxCnameHops = 8;

    private readonly object _gate = new();
    private readonly Dictionary<string, List<Entry>> _records = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Name, ushort Type), int> _queries = [];
    private readonly Socket _udp;
    private readonly TcpListener _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _udpLoop;
    private readonly Task _tcpLoop;

    private TestDnsServer(Socket udp, TcpListener tcp)
    {
        _udp = udp;
        _tcp = tcp;
        Endpoint = "127.0.0.1:" + ((IPEndPoint)udp.LocalEndPoint!).Port;
        _udpLoop = Task.Run(ServeUdpAsync);
        _tcpLoop = Task.Run(ServeTcpAsync);
    }

    /// <summary>Where DnsClient should send its queries, for <c>ColdMail:Dns:Servers:0</c>.</summary>
    public string Endpoint { get; }

    public static TestDnsServer Start()
    {
        // UDP and TCP must share one port; a port free for one may be taken for the other, so retry.
        for (var attempt = 0; ; attempt++)
        {
            var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
                var tcp = new TcpListener(IPAddress.Loopback, port);
                tcp.Start();
                return new TestDnsServer(udp, tcp);
            }
            catch (SocketException) when (attempt < 20)
            {
                udp.Dispose();
            }
        }
    }

    public void AddA(string name, string address, int ttl = 60) =>
        Add(name, TypeA, ttl, ParseAddress(address, AddressFamily.InterNetwork), null);

    public void AddAaaa(string name, string address, int ttl = 60) =>
        Add(name, TypeAaaa, ttl, ParseAddress(address, AddressFamily.InterNetworkV6), null);

    public void AddMx(string name, int preference, string exchange, int ttl = 60)
    {
        var data = new List<byte>();
        data.Add((byte)(preference >> 8));
        data.Add((byte)preference);
        data.AddRange(EncodeName(exchange));
        Add(name, TypeMx, ttl, [.. data], null);
    }

    /// <summary>Adds one TXT record; text over 255 bytes becomes several strings (RFC 1035 section 3.3.14).</summary>
    public void AddTxt(string name, string text, int ttl = 60)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var data = new List<byte>();
        var offset = 0;
        do
        {
            var length = Math.Min(255, bytes.Length - offset);
            data.Add((byte)length);
            data.AddRange(bytes.AsSpan(offset, length).ToArray());
            offset += length;
        }
        while (offset < bytes.Length);
        Add(name, TypeTxt, ttl, [.. data], null);
    }

    public void AddCname(string name, string target, int ttl = 60) =>
        Add(name, TypeCname, ttl, EncodeName(target), Normalise(target));

    /// <summary>Removes every record of one type ("A", "AAAA", "MX", "TXT", "CNAME") at a name.</summary>
    public void Remove(string name, string type)
    {
        var code = TypeCode(type);
        lock (_gate)
        {
            if (_records.TryGetValue(Normalise(name), out var entries))
            {
                entries.RemoveAll(e => e.Type == code);
                if (entries.Count == 0)
                {
                    _records.Remove(Normalise(name));
                }
            }
        }
    }

    /// <summary>How many queries for this name and type reached the server, over UDP and TCP.</summary>
    public int QueryCount(string name, string type)
    {
        lock (_gate)
        {
            return _queries.GetValueOrDefault((Normalise(name), TypeCode(type)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        _tcp.Stop();
        try
        {
            await Task.WhenAll(_udpLoop, _tcpLoop);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Closing the sockets is how the loops are told to stop.
        }
        _stop.Dispose();
    }

    private void Add(string name, ushort type, int ttl, byte[] data, string? target)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ttl);
        lock (_gate)
        {
            var key = Normalise(name);
            if (!_records.TryGetValue(key, out var entries))
            {
                entries = [];
                _records[key] = entries;
            }
            entries.Add(new Entry(type, (uint)ttl, data, target));
        }
    }

    private async Task ServeUdpAsync()
    {
        var buffer = new byte[65535];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (SocketException) when (!_stop.IsCancellationRequested)
            {
                // A client's ICMP unreachable surfaces here on some systems; keep serving.
                continue;
            }
            var response = Answer(buffer.AsSpan(0, received.ReceivedBytes), udp: true);
            if (response is not null)
            {
                await _udp.SendToAsync(response, SocketFlags.None, received.RemoteEndPoint, _stop.Token);
            }
        }
    }

    private async Task ServeTcpAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _tcp.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeConnectionAsync(client));
        }
    }

    private async Task ServeConnectionAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var prefix = new byte[2];
                // RFC 1035 section 4.2.2: each message is preceded by its two-byte length.
                while (true)
                {
                    await stream.ReadExactlyAsync(prefix, _stop.Token);
                    var query = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
                    await stream.ReadExactlyAsync(query, _stop.Token);
                    var response = Answer(query, udp: false);
                    if (response is null)
                    {
                        return;
                    }
                    var framed = new byte[response.Length + 2];
                    BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)response.Length);
                    response.CopyTo(framed, 2);
                    await stream.WriteAsync(framed, _stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or EndOfStreamException or OperationCanceledException
                or SocketException or ObjectDisposedException)
            {
                // The client closed the connection or the server is stopping.
            }
        }
    }

    /// <summary>Builds the response to one query, or null when the bytes are not a query worth answering.</summary>
    private byte[]? Answer(ReadOnlySpan<byte> query, bool udp)
    {
        if (query.Length < HeaderLength || (query[2] & 0x80) != 0)
        {
            return null;
        }
        var questions = BinaryPrimitives.ReadUInt16BigEndian(query[4..]);
        var additional = BinaryPrimitives.ReadUInt16BigEndian(query[10..]);
        if (questions != 1)
        {
            return null;
        }
        var offset = HeaderLength;
        if (!TryReadName(query, ref offset, out var name) || offset + 4 > query.Length)
        {
            return null;
        }
        var questionEnd = offset + 4;
        var type = BinaryPrimitives.ReadUInt16BigEndian(query[offset..]);
        var udpLimit = udp ? ReadEdnsSize(query, questionEnd, additional) : int.MaxValue;

        var (code, answers) = Resolve(name, type);
        var response = new List<byte>(512);
        response.AddRange(query[..2].ToArray());
        // QR, the query's opcode, AA, the query's RD; RA; then the response code (RFC 1035 section 4.1.1).
        response.Add((byte)(0x80 | (query[2] & 0x78) | 0x04 | (query[2] & 0x01)));
        response.Add((byte)(0x80 | code));
        AddUInt16(response, 1);
        AddUInt16(response, (ushort)answers.Count);
        AddUInt16(response, 0);
        AddUInt16(response, 0);
        response.AddRange(query[HeaderLength..questionEnd].ToArray());
        var withoutAnswers = response.Count;
        foreach (var answer in answers)
        {
            response.AddRange(EncodeName(answer.Name));
            AddUInt16(response, answer.Entry.Type);
            AddUInt16(response, ClassIn);
            AddUInt16(response, (ushort)(answer.Entry.Ttl >> 16));
            AddUInt16(response, (ushort)answer.Entry.Ttl);
            AddUInt16(response, (ushort)answer.Entry.Data.Length);
            response.AddRange(answer.Entry.Data);
        }
        if (response.Count > udpLimit)
        {
            // RFC 1035 section 4.2.1: too long for UDP, so set TC and let the client retry over TCP.
            response.RemoveRange(withoutAnswers, response.Count - withoutAnswers);
            response[2] |= 0x02;
            response[6] = 0;
            response[7] = 0;
        }
        return [.. response];
    }

    private (byte Code, List<(string Name, Entry Entry)> Answers) Resolve(string name, ushort type)
    {
        var answers = new List<(string Name, Entry Entry)>();
        lock (_gate)
        {
            var key = (Normalise(name), type);
            _queries[key] = _queries.GetValueOrDefault(key) + 1;
            var current = Normalise(name);
            for (var hop = 0; hop <= MaxCnameHops; hop++)
            {
                if (!_records.TryGetValue(current, out var entries))
                {
                    // NXDOMAIN belongs to the last name in the chain (RFC 6604 section 2.1).
                    return (3, answers);
                }
                var matching = entries.Where(e => e.Type == type).ToList();
                var alias = entries.FirstOrDefault(e => e.Type == TypeCname);
                if (matching.Count > 0 || alias is null || type == TypeCname)
                {
                    answers.AddRange(matching.Select(e => (current, e)));
                    return (0, answers);
                }
                answers.Add((current, alias));
                current = alias.Target!;
            }
            return (2, answers);
        }
    }

    private static int ReadEdnsSize(ReadOnlySpan<byte> query, int offset, ushort additional)
    {
        // RFC 6891 section 6.1.2: an OPT record's class is the requester's UDP payload size.
        for (var i = 0; i < additional && offset < query.Length; i++)
        {
            if (!TryReadName(query, ref offset, out _) || offset + 10 > query.Length)
            {
                break;
            }
            var type = BinaryPrimitives.ReadUInt16BigEndian(query[offset..]);
            var size = BinaryPrimitives.ReadUInt16BigEndian(query[(offset + 2)..]);
            if (type == TypeOpt)
            {
                return Math.Max(ClassicUdpLimit, (int)size);
            }
            offset += 10 + BinaryPrimitives.ReadUInt16BigEndian(query[(offset + 8)..]);
        }
        return ClassicUdpLimit;
    }

    private static bool TryReadName(ReadOnlySpan<byte> message, ref int offset, out string name)
    {
        var labels = new List<string>();
        var position = offset;
        var jumped = false;
        name = string.Empty;
        for (var steps = 0; steps < 128; steps++)
        {
            if (position >= message.Length)
            {
                return false;
            }
            var length = message[position];
            if ((length & 0xC0) == 0xC0)
            {
                // RFC 1035 section 4.1.4: a pointer to an earlier name.
                if (position + 1 >= message.Length)
                {
                    return false;
                }
                if (!jumped)
                {
                    offset = position + 2;
                }
                jumped = true;
                position = ((length & 0x3F) << 8) | message[position + 1];
                continue;
            }
            if (length == 0)
            {
                if (!jumped)
                {
                    offset = position + 1;
                }
                name = string.Join('.', labels);
                return true;
            }
            if (position + 1 + length > message.Length)
            {
                return false;
            }
            labels.Add(Encoding.ASCII.GetString(message.Slice(position + 1, length)));
            position += 1 + length;
        }
        return false;
    }

    private static byte[] EncodeName(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in Normalise(name).Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var encoded = Encoding.ASCII.GetBytes(label);
            if (encoded.Length > 63)
            {
                throw new ArgumentException($"The label '{label}' is longer than 63 octets.", nameof(name));
            }
            bytes.Add((byte)encoded.Length);
            bytes.AddRange(encoded);
        }
        bytes.Add(0);
        return [.. bytes];
    }

    private static byte[] ParseAddress(string address, AddressFamily family)
    {
        var parsed = IPAddress.Parse(address);
        if (parsed.AddressFamily != family)
        {
            throw new ArgumentException($"'{address}' is not an {family} address.", nameof(address));
        }
        return parsed.GetAddressBytes();
    }

    private static ushort TypeCode(string type) => type.ToUpperInvariant() switch
    {
        "A" => TypeA,
        "AAAA" => TypeAaaa,
        "MX" => TypeMx,
        "TXT" => TypeTxt,
        "CNAME" => TypeCname,
        _ => throw new ArgumentException($"The record type '{type}' is not served.", nameof(type)),
    };

    private static string Normalise(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();

    private static void AddUInt16(List<byte> bytes, ushort value)
    {
        bytes.Add((byte)(value >> 8));
        bytes.Add((byte)value);
    }

    private sealed record Entry(ushort Type, uint Ttl, byte[] Data, string? Target);
}
