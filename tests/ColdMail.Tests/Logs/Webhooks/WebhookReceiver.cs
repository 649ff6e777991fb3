using System.Collections.Concurrent;
using System.Net;
using ColdMail.Tests.Support;

namespace ColdMail.Tests.Logs.Webhooks;

/// <summary>A real HTTP endpoint on loopback that records each POST and answers with scripted statuses.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<int> _statuses = new();
    private readonly Task _loop;

    public WebhookReceiver()
    {
        var port = FreePort.Next();
        Url = $"http://127.0.0.1:{port}/hooks/coldmail";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public ConcurrentQueue<ReceivedPost> Posts { get; } = new();

    /// <summary>Statuses for the next requests, in order; 200 once they run out.</summary>
    public void Answer(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _statuses.Enqueue(status);
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            Posts.Enqueue(new ReceivedPost(
                context.Request.HttpMethod,
                context.Request.Url!.AbsolutePath,
                context.Request.ContentType,
                context.Request.Headers["ColdMail-Timestamp"],
                context.Request.Headers["ColdMail-Signature"],
                body));
            context.Response.StatusCode = _statuses.TryDequeue(out var status) ? status : 200;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}

public sealed record ReceivedPost(
    string Method,
    string Path,
    string? ContentType,
    string? Timestamp,
    string? Signature,
    string Body);
