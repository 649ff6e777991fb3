namespace ColdMail.Bench.LogSearch;

/// <summary>A sending domain of the corpus, its workspace (an index) and its mailboxes.</summary>
internal sealed record CorpusDomain(int Workspace, string Name, bool Dormant, IReadOnlyList<string> Mailboxes);
