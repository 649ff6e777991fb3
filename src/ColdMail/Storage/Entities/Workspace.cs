namespace ColdMail.Storage.Entities;

/// <summary>The team boundary: every other resource belongs to exactly one workspace.</summary>
public sealed class Workspace
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
