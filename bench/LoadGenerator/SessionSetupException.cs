namespace ColdMail.Bench;

/// <summary>A session could not reach the point of sending mail: which step failed and the reply, if any.</summary>
internal sealed class SessionSetupException(string stage, int code, string text)
    : Exception($"{stage} failed: {(code == 0 ? "" : code + " ")}{text}")
{
    public string Stage { get; } = stage;

    /// <summary>The server's reply code, or 0 when the failure was not a reply (TLS, connection).</summary>
    public int Code { get; } = code;
}
