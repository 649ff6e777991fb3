namespace ColdMail.Bench;

/// <summary>What one run does: where to, as whom, how much and for how long at most.</summary>
internal sealed record LoadSettings(
    SessionTarget Target,
    IReadOnlyList<Credential?> Credentials,
    int Messages,
    int Concurrency,
    int Size,
    string RecipientDomain,
    TimeSpan Timeout,
    string Client,
    string? SinkCountFile = null,
    TimeSpan DrainTimeout = default)
{
    public ISubmissionSession NewSession(int index)
    {
        // Sessions take the credentials in turn, so each mailbox carries an even share of the load.
        var credential = Credentials[index % Credentials.Count];
        return Client == "mailkit"
            ? new MailKitSubmissionSession(Target, credential)
            : new RawSubmissionSession(Target, credential);
    }

    public string SenderFor(int index) => Credentials[index % Credentials.Count]?.User ?? "bench@bench.test";
}
