using System.Text;
using ColdMail.Api;
using ColdMail.Common;
using ColdMail.Configuration;
using ColdMail.Storage.Entities;
using ColdMail.Workspaces;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ColdMail.Logs;

/// <summary>
/// <c>GET /api/v1/logs/stream</c>: the workspace's email log as server-sent events, each new entry one event
/// as it is written, read through the same follower as <c>coldmail logs --follow</c>. It starts at the
/// newest entry, or just after the id in <c>Last-Event-ID</c> or <c>?after=</c>, and ends when the client
/// goes or the server stops.
/// </summary>
public static partial class LogStreamEndpoints
{
    public const string Route = "/api/v1/logs/stream";

    public static WebApplication MapLogStream(this WebApplication app)
    {
        app.MapGet(Route, StreamAsync).RequireAuthorization(ApiServices.TokenPolicy);
        return app;
    }

    private static async Task StreamAsync(
        HttpContext context,
        EmailLogFollower follower,
        LogStreamSlots slots,
        IOptions<ColdMailOptions> options,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        ILoggerFactory loggers)
    {
        var caller = context.Features.GetRequiredFeature<ApiCaller>();
        var logger = loggers.CreateLogger(typeof(LogStreamEndpoints).FullName!);
        var remoteIp = context.Connection.RemoteIpAddress?.ToString();
        LogStreamRequest request;
        try
        {
            request = LogStreamRequest.Parse(context.Request, time.GetUtcNow());
        }
        catch (ResourceException e) when (e.Parameter is { } parameter)
        {
            await ApiProblem.BadParameterAsync(context, parameter, e.Message);
            return;
        }
        if (!slots.TryTake())
        {
            LogFull(logger, remoteIp, slots.Limit);
            context.Response.Headers.RetryAfter = "30";
            await ApiProblem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Too many streams",
                $"This server already serves {slots.Limit} live streams (Logs:MaxStreams); try again later.");
            return;
        }

        // Limitation: each stream polls the database on its own (bounded by Logs:MaxStreams); one poller per
        // workspace and filter, fanned out to its streams, would serve many watchers with one query.
        try
        {
            // A shutdown must end the stream too, or the host would wait its whole timeout for it.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(
                context.RequestAborted, lifetime.ApplicationStopping);
            var heartbeat = TimeSpan.FromSeconds(options.Value.Logs.StreamHeartbeatSeconds);
            LogOpened(logger, caller.Workspace.Name, remoteIp);
            await ServeAsync(context, follower, caller.Workspace, request, heartbeat, time, logger, stop.Token);
            LogClosed(logger, caller.Workspace.Name, remoteIp);
        }
        finally
        {
            slots.Return();
        }
    }

    private static async Task ServeAsync(
        HttpContext context,
        EmailLogFollower follower,
        Workspace workspace,
        LogStreamRequest request,
        TimeSpan heartbeat,
        TimeProvider time,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        try
        {
            var after = request.After ?? await follower.NowAsync(workspace, cancellationToken);
            await using var batches = follower.FollowAsync(workspace, request.Filter, after, cancellationToken)
                .GetAsyncEnumerator(cancellationToken);
            // The first read checks the filter against the workspace (an unknown domain), while a problem
            // can still be answered with a status code.
            bool more;
            try
            {
                more = await batches.MoveNextAsync();
            }
            catch (ResourceException e) when (e.Parameter is { } parameter)
            {
                await ApiProblem.BadParameterAsync(context, parameter, e.Message);
                return;
            }
            await StartAsync(context, cancellationToken);

            var quietSince = time.GetTimestamp();
            while (more)
            {
                var batch = batches.Current;
                if (batch.Count > 0)
                {
                    await context.Response.WriteAsync(Events(batch), cancellationToken);
                    quietSince = time.GetTimestamp();
                }
                else if (time.GetElapsedTime(quietSince) >= heartbeat)
                {
                    await context.Response.WriteAsync(ServerSentEvents.Comment("keep-alive"), cancellationToken);
                    quietSince = time.GetTimestamp();
                }
                more = await batches.MoveNextAsync();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away or the server is stopping: what was sent is complete, event by event.
        }
        catch (ResourceException e)
        {
            // The filter stopped matching the workspace (its domain was removed): end the stream.
            LogEnded(logger, workspace.Name, e.Message);
        }
    }

    private static async Task StartAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.ContentType = ServerSentEvents.ContentType;
        response.Headers.CacheControl = "no-cache";
        // Proxies such as nginx buffer responses unless told otherwise, which would hold events back.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static string Events(IReadOnlyList<EmailLogEntry> batch)
    {
        var text = new StringBuilder();
        foreach (var entry in batch)
        {
            ServerSentEvents.AppendEvent(text, entry.Id, entry.Event, ExportedLogEntry.From(entry).ToJson());
        }
        return text.ToString();
    }

    [LoggerMessage(7101, LogLevel.Debug, "Log stream opened for workspace {Workspace} from {RemoteIp}")]
    private static partial void LogOpened(ILogger logger, string workspace, string? remoteIp);

    [LoggerMessage(7102, LogLevel.Debug, "Log stream closed for workspace {Workspace} from {RemoteIp}")]
    private static partial void LogClosed(ILogger logger, string workspace, string? remoteIp);

    [LoggerMessage(7103, LogLevel.Warning, "Refused a log stream from {RemoteIp}: {Limit} streams are open")]
    private static partial void LogFull(ILogger logger, string? remoteIp, int limit);

    [LoggerMessage(7104, LogLevel.Information, "Log stream of workspace {Workspace} ended: {Reason}")]
    private static partial void LogEnded(ILogger logger, string workspace, string reason);
}
