namespace ColdMail.Dkim;

/// <summary>Gives delivery the keys to sign a domain's mail with.</summary>
public interface IDkimKeyProvider
{
    /// <summary>The domain's active key(s): one RSA key, and an Ed25519 key where one is active too.</summary>
    ValueTask<IReadOnlyList<DkimSigningKey>> GetSigningKeysAsync(Guid domainId, CancellationToken cancellationToken);
}
