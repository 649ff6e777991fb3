namespace ColdMail.Workspaces;

/// <summary>
/// A key or token just created, with its secret: the only moment the secret exists outside the client.
/// </summary>
public sealed record CreatedSecret<T>(T Item, string Secret);
