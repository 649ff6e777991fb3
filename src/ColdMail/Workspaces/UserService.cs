using ColdMail.Common;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Workspaces;

/// <summary>Adds people to workspaces with a role; passwords are kept only as PBKDF2 hashes.</summary>
public sealed class UserService(ColdMailDatabase database, IPasswordHasher<User> hasher, TimeProvider time)
{
    // NIST SP 800-63B section 3.1.1.2 asks for at least 8; a dashboard guarding sending domains asks more.
    public const int MinPasswordLength = 12;

    // Long enough for any passphrase, short enough that hashing it costs nothing unusual.
    public const int MaxPasswordLength = 1024;

    /// <summary>True when a user with this address exists anywhere in the installation.</summary>
    public async Task<bool> ExistsAsync(string email, CancellationToken cancellationToken)
    {
        var address = EmailAddress.Parse(email).Address;
        await using var db = database.CreateContext();
        return await db.Users.AnyAsync(u => u.Email == address, cancellationToken);
    }

    /// <summary>
    /// Gives <paramref name="email"/> the role in the workspace, creating the user with
    /// <paramref name="password"/> when there is none. An existing user's password is never changed here:
    /// one workspace's admin must not be able to take over a person who also belongs to another team.
    /// </summary>
    public async Task<Member> AddAsync(
        Workspace workspace,
        string email,
        Role role,
        string? password,
        string actor,
        CancellationToken cancellationToken)
    {
        var address = EmailAddress.Parse(email).Address;
        var now = time.GetUtcNow();

        await using var db = database.CreateContext();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == address, cancellationToken);
        var isNew = user is null;
        if (user is null)
        {
            CheckPassword(password);
            user = new User { Id = Guid.CreateVersion7(), Email = address, PasswordHash = "", CreatedAt = now };
            user.PasswordHash = hasher.HashPassword(user, password!);
            db.Users.Add(user);
            AuditTrail.Record(db, workspace.Id, now, actor, "user.add", address);
        }

        var membership = await db.Memberships.FirstOrDefaultAsync(
            m => m.WorkspaceId == workspace.Id && m.UserId == user.Id, cancellationToken);
        if (membership is null)
        {
            db.Memberships.Add(new Membership
            {
                WorkspaceId = workspace.Id,
                UserId = user.Id,
                Role = role,
                CreatedAt = now,
            });
            AuditTrail.Record(db, workspace.Id, now, actor, "member.add", address, Roles.Name(role));
        }
        else if (membership.Role != role)
        {
            AuditTrail.Record(db, workspace.Id, now, actor, "member.role", address,
                $"{Roles.Name(membership.Role)} -> {Roles.Name(role)}");
            membership.Role = role;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique address index: another process added the same user a moment ago.
            throw ResourceException.Conflict(
                $"The user '{address}' was added at the same moment elsewhere; run the command again.");
        }
        return new Member(user.Id, address, role, isNew);
    }

    private static void CheckPassword(string? password)
    {
        if (string.IsNullOrWhiteSpace(password))
        {
            throw ResourceException.Invalid(
                "A new user needs a password: give it as the first line of standard input.");
        }
        if (password.Length < MinPasswordLength)
        {
            throw ResourceException.Invalid(
                $"The password is too short; use at least {MinPasswordLength} characters.");
        }
        if (password.Length > MaxPasswordLength)
        {
            throw ResourceException.Invalid(
                $"The password is too long; use at most {MaxPasswordLength} characters.");
        }
    }
}
