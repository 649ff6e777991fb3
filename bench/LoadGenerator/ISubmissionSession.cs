namespace ColdMail.Bench;

/// <summary>One authenticated SMTP session that submits messages one transaction at a time.</summary>
internal interface ISubmissionSession : IAsyncDisposable
{
    /// <summary>Connects, secures and authenticates; throws <see cref="SessionSetupException"/> on refusal.</summary>
    Task OpenAsync(CancellationToken cancellationToken);

    ValueTask<SubmissionResult> SubmitAsync(TestMessage message, CancellationToken cancellationToken);

    /// <summary>Ends the session politely; failures are ignored since the work is done.</summary>
    ValueTask QuitAsync(CancellationToken cancellationToken);
}
