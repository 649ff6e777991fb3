using System.Diagnostics;
using ColdMail.Tests.Support;
using MimeKit;
using MimeKit.Cryptography;

namespace ColdMail.Tests.Dkim;

public sealed class DkimSignatureTests
{
    [Fact]
    public async Task The_delivered_message_carries_RSA_and_Ed25519_signatures_that_MimeKit_verifies_from_DNS()
    {
        var (harness, mx, received) = await DeliverOneAsync(ed25519: true);
        await using var _ = harness;
        await using var __ = mx;

        var message = MimeMessage.Load(new MemoryStream(received.Data));
        var signatures = message.Headers.Where(h => h.Id == HeaderId.DkimSignature).ToList();
        Assert.Equal(2, signatures.Count);
        var verifier = new DkimVerifier(new DnsDkimKeyLocator(harness.Dns.Endpoint));
        foreach (var signature in signatures)
        {
            Assert.True(await verifier.VerifyAsync(message, signature), signature.Value);
        }
        var tags = Tags(signatures.Single(s => s.Value.Contains("a=rsa-sha256")));
        Assert.Equal(("sender.test", "rsa1", "relaxed/relaxed"), (tags["d"], tags["s"], tags["c"]));
        string[] expected = ["content-type", "date", "from", "list-unsubscribe", "list-unsubscribe-post",
            "message-id", "mime-version", "subject", "to"];
        Assert.Equal(expected, tags["h"].Split(':').Select(h => h.ToLowerInvariant()).Order());
        Assert.Contains(signatures, s => s.Value.Contains("a=ed25519-sha256"));
    }

    [Fact]
    public async Task The_delivered_message_verifies_with_an_independent_DKIM_implementation()
    {
        Skip.IfNot(File.Exists("/usr/bin/python3"), "python3-dkim is not installed");
        var (harness, mx, received) = await DeliverOneAsync(ed25519: true);
        await using var _ = harness;
        await using var __ = mx;

        var (exitCode, output) = await VerifyWithPythonAsync(received.Data, harness.Dns.Endpoint);

        Assert.Equal("pass pass", output.Trim());
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task A_message_sent_as_stored_arrives_unchanged_under_its_signature_and_verifies_independently()
    {
        await using var mx = TestSmtpServer.Start(tls: true);
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
        harness.RouteTo("example.test", mx);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Sam Sales", DeliveryHarness.Sender));
        message.To.Add(new MailboxAddress(string.Empty, "alice@example.test"));
        message.Subject = "Short lines";
        message.Date = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        message.MessageId = "short@sender.test";
        // Dots at line starts are stuffed on the way; trailing and doubled spaces and empty last lines
        // exercise relaxed body canonicalization.
        message.Body = new TextPart("plain")
        {
            Text = ".one dot\r\n..two dots\r\nspace at end \r\nmany   spaces\r\n\r\n",
        };
        var stored = Stored(message);

        await harness.EnqueueAsync(message, ["alice@example.test"]);
        await harness.RunOnceAsync();

        var data = Assert.Single(mx.Messages).Data;
        Assert.StartsWith("DKIM-Signature:", System.Text.Encoding.ASCII.GetString(data));
        Assert.Equal(stored, data[^stored.Length..]);
        var received = MimeMessage.Load(new MemoryStream(data));
        var verifier = new DkimVerifier(new DnsDkimKeyLocator(harness.Dns.Endpoint));
        Assert.True(await verifier.VerifyAsync(received, received.Headers.First(h => h.Id == HeaderId.DkimSignature)));
        if (File.Exists("/usr/bin/python3"))
        {
            var (exitCode, output) = await VerifyWithPythonAsync(data, harness.Dns.Endpoint);
            Assert.Equal(("pass", 0), (output.Trim(), exitCode));
        }
    }

    [Fact]
    public async Task A_changed_subject_no_longer_verifies()
    {
        var (harness, mx, received) = await DeliverOneAsync(ed25519: false);
        await using var _ = harness;
        await using var __ = mx;
        var text = System.Text.Encoding.UTF8.GetString(received.Data).Replace("Quick question", "Quick questioN");

        var message = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)));
        var verifier = new DkimVerifier(new DnsDkimKeyLocator(harness.Dns.Endpoint));

        var signature = message.Headers.First(h => h.Id == HeaderId.DkimSignature);
        Assert.False(await verifier.VerifyAsync(message, signature));
        var (exitCode, output) = await VerifyWithPythonAsync(System.Text.Encoding.UTF8.GetBytes(text),
            harness.Dns.Endpoint);
        Assert.Equal("fail", output.Trim());
        Assert.NotEqual(0, exitCode);
    }

    [Fact]
    public async Task A_missing_Message_ID_and_Date_are_added_and_signed()
    {
        await using var mx = TestSmtpServer.Start();
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
        harness.RouteTo("example.test", mx);
        var bare = DeliveryHarness.Build(["a@example.test"]);
        bare.Headers.Remove(HeaderId.MessageId);
        bare.Headers.Remove(HeaderId.Date);

        var id = await harness.EnqueueAsync(bare, ["a@example.test"]);
        await harness.RunOnceAsync();

        var message = MimeMessage.Load(new MemoryStream(Assert.Single(mx.Messages).Data));
        Assert.Equal($"{id:N}@sender.test", message.MessageId);
        Assert.Equal(harness.Time.GetUtcNow(), message.Date);
        var signature = message.Headers.First(h => h.Id == HeaderId.DkimSignature);
        Assert.Contains("message-id", Tags(signature)["h"]);
        var verifier = new DkimVerifier(new DnsDkimKeyLocator(harness.Dns.Endpoint));
        Assert.True(await verifier.VerifyAsync(message, signature));
    }

    private static async Task<(DeliveryHarness, TestSmtpServer, ReceivedMessage)> DeliverOneAsync(bool ed25519)
    {
        var mx = TestSmtpServer.Start(tls: true);
        var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port, ed25519: ed25519);
        harness.RouteTo("example.test", mx);
        await harness.EnqueueAsync("alice@example.test");
        await harness.RunOnceAsync();
        return (harness, mx, Assert.Single(mx.Messages));
    }

    private static byte[] Stored(MimeMessage message)
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        using var stream = new MemoryStream();
        message.WriteTo(format, stream);
        return stream.ToArray();
    }

    private static Dictionary<string, string> Tags(Header signature) => signature.Value
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(t => t.Split('=', 2))
        .ToDictionary(t => t[0], t => string.Concat(t[1].Where(c => !char.IsWhiteSpace(c))));

    /// <summary>Runs dkimpy against the bytes, looking keys up in the test DNS server as a receiver would.</summary>
    private static async Task<(int ExitCode, string Output)> VerifyWithPythonAsync(byte[] data, string dnsEndpoint)
    {
        var folder = Directory.CreateTempSubdirectory("coldmail-dkim-");
        try
        {
            var messagePath = Path.Combine(folder.FullName, "message.eml");
            var scriptPath = Path.Combine(folder.FullName, "verify.py");
            await File.WriteAllBytesAsync(messagePath, data);
            await File.WriteAllTextAsync(scriptPath, PythonVerifier);
            var port = dnsEndpoint[(dnsEndpoint.LastIndexOf(':') + 1)..];
            var start = new ProcessStartInfo("/usr/bin/python3", [scriptPath, messagePath, port])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            return (process.ExitCode, await output + await error);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private const string PythonVerifier = """
        import sys
        import dkim
        import dns.resolver

        path, port = sys.argv[1], int(sys.argv[2])
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers = ["127.0.0.1"]
        resolver.port = port

        def txt(name, timeout=5):
            name = name.decode() if isinstance(name, bytes) else name
            try:
                answer = resolver.resolve(name, "TXT", lifetime=timeout)
            except dns.resolver.NXDOMAIN:
                return None
            return b"".join(answer[0].strings)

        message = open(path, "rb").read()
        head = message.split(b"\r\n\r\n", 1)[0]
        count = sum(1 for line in head.split(b"\r\n") if line.lower().startswith(b"dkim-signature:"))
        checker = dkim.DKIM(message)
        results = [checker.verify(idx=i, dnsfunc=txt) for i in range(count)]
        print(" ".join("pass" if r else "fail" for r in results))
        sys.exit(0 if results and all(results) else 1)
        """;
}
