namespace ColdMail.Bench;

/// <summary>The outcome of an idle-sessions run.</summary>
internal sealed record IdleSummary(
    string Mode,
    string Client,
    string Target,
    int Requested,
    int Opened,
    double SetupSeconds,
    double HeldSeconds,
    SortedDictionary<string, int> Errors,
    SortedDictionary<string, string> ErrorSamples);
