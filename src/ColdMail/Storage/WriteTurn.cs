namespace ColdMail.Storage;

/// <summary>
/// This process's turn to write to SQLite, held until disposed. See <see cref="ColdMailDatabase.TakeWriteTurnAsync"/>.
/// </summary>
public sealed class WriteTurn : IDisposable
{
    internal static readonly WriteTurn None = new(null);

    private SemaphoreSlim? _gate;

    internal WriteTurn(SemaphoreSlim? gate) => _gate = gate;

    public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
}
