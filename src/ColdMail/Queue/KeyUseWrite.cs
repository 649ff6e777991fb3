using ColdMail.Storage;

namespace ColdMail.Queue;

/// <summary>When and from where an auth key last logged in.</summary>
internal sealed class KeyUseWrite(Guid keyId, DateTimeOffset at, string from)
    : PendingWrite(CancellationToken.None)
{
    private const string UpdateSql = "UPDATE auth_keys SET last_used_at = @p1, last_used_from = @p2 WHERE id = @p0";

    public override Task StageAsync(WriteSession session, CancellationToken cancellationToken)
        => session.ExecuteAsync(UpdateSql, cancellationToken, keyId, at, from);
}
