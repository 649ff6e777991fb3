namespace ColdMail.Bench;

/// <summary>The outcome of one load run, printed as one JSON line for scripts.</summary>
internal sealed record LoadSummary(
    string Mode,
    string Client,
    string Target,
    int Messages,
    int Size,
    int Concurrency,
    int SessionsOpened,
    int Accepted,
    int Failed,
    int Unsent,
    bool TimedOut,
    double SetupSeconds,
    double ElapsedSeconds,
    double AcceptRate,
    LatencySummary? LatencyMs,
    int? Delivered,
    double? EndToEndSeconds,
    double? EndToEndRate,
    SortedDictionary<string, int> Errors,
    SortedDictionary<string, string> ErrorSamples,
    long StartedAtUnixMs,
    long FinishedAtUnixMs);
