namespace ColdMail.Storage.Entities;

/// <summary>A person who signs in to the dashboard; their rights come from memberships.</summary>
public sealed class User
{
    public Guid Id { get; set; }

    /// <summary>Lower-cased address; unique across the installation.</summary>
    public required string Email { get; set; }

    /// <summary>PBKDF2 hash in the form produced by <c>PasswordHasher</c>; never the password.</summary>
    public required string PasswordHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
