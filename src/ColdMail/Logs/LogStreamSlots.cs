using ColdMail.Configuration;
using Microsoft.Extensions.Options;

namespace ColdMail.Logs;

/// <summary>The live log streams this process serves at once, at most <c>Logs:MaxStreams</c>.</summary>
public sealed class LogStreamSlots(IOptions<ColdMailOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _free = new(options.Value.Logs.MaxStreams);

    public int Limit { get; } = options.Value.Logs.MaxStreams;

    /// <summary>Takes a slot if one is free; whoever took it gives it back with <see cref="Return"/>.</summary>
    public bool TryTake() => _free.Wait(0);

    public void Return() => _free.Release();

    public void Dispose() => _free.Dispose();
}
