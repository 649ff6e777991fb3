using System.Collections.Concurrent;

namespace ColdMail.Bench;

/// <summary>Failures counted by reply code (or by kind when there was no reply), with the first text seen.</summary>
internal sealed class ErrorTally
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _samples = new(StringComparer.Ordinal);

    public int Total => _counts.Values.Sum();

    public void Add(int code, string stage, string text) => Add(code.ToString(), stage, text);

    /// <summary>Counts one failure under a reply code, or a kind: io, timeout, protocol, connect, TLS.</summary>
    public void Add(string key, string stage, string text)
    {
        _counts.AddOrUpdate(key, 1, (_, n) => n + 1);
        _samples.TryAdd(key, $"{stage}: {text}");
    }

    public SortedDictionary<string, int> Counts() => new(_counts, StringComparer.Ordinal);

    public SortedDictionary<string, string> Samples() => new(_samples, StringComparer.Ordinal);
}
