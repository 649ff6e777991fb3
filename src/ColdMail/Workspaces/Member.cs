using ColdMail.Storage.Entities;

namespace ColdMail.Workspaces;

/// <summary>A user's membership of one workspace as <see cref="UserService"/> reports it.</summary>
/// <param name="IsNewUser">True when the user was created; false when an existing user got the role.</param>
public sealed record Member(Guid UserId, string Email, Role Role, bool IsNewUser);
