using System.Text;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Storage;

/// <summary>
/// The resource model. Provider-specific subclasses exist so that each provider keeps its own migrations;
/// tables and columns use snake_case names so that hand-written SQL reads the same on both.
/// </summary>
public abstract class ColdMailDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Workspace> Workspaces => Set<Workspace>();

    public DbSet<User> Users => Set<User>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<Domain> Domains => Set<Domain>();

    public DbSet<DkimKey> DkimKeys => Set<DkimKey>();

    public DbSet<DnsRecordCheck> DnsRecordChecks => Set<DnsRecordCheck>();

    public DbSet<Mailbox> Mailboxes => Set<Mailbox>();

    public DbSet<AuthKey> AuthKeys => Set<AuthKey>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<MessageBody> MessageBodies => Set<MessageBody>();

    public DbSet<MessageRecipient> MessageRecipients => Set<MessageRecipient>();

    public DbSet<EmailLogEntry> EmailLog => Set<EmailLogEntry>();

    public DbSet<Suppression> Suppressions => Set<Suppression>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<SendCounter> SendCounters => Set<SendCounter>();

    public DbSet<Webhook> Webhooks => Set<Webhook>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Workspace>(e =>
        {
            e.HasIndex(w => w.Name).IsUnique();
            e.Property(w => w.Name).HasMaxLength(100);
        });
        modelBuilder.Entity<User>(e =>
        {
            e.HasIndex(u => u.Email).IsUnique();
            e.Property(u => u.Email).HasMaxLength(320);
        });
        modelBuilder.Entity<Membership>(e =>
        {
            e.HasKey(m => new { m.WorkspaceId, m.UserId });
            e.HasOne<Workspace>().WithMany().HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
            e.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        });
        modelBuilder.Entity<Domain>(e =>
        {
            e.HasIndex(d => d.Name).IsUnique();
            e.HasIndex(d => d.WorkspaceId);
            e.Property(d => d.Name).HasMaxLength(253);
            e.Property(d => d.VerificationState).HasConversion<string>().HasMaxLength(16);
            // The longest IANA zone id is 32 characters.
            e.Property(d => d.SendingTimeZone).HasMaxLength(64);
            e.HasOne<Workspace>().WithMany().HasForeignKey(d => d.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
            e.Ignore(d => d.IsPaused);
        });
        modelBuilder.Entity<DkimKey>(e =>
        {
            e.HasIndex(k => new { k.DomainId, k.Selector }).IsUnique();
            e.Property(k => k.State).HasConversion<string>().HasMaxLength(16);
            e.HasOne<Domain>().WithMany().HasForeignKey(k => k.DomainId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<DnsRecordCheck>(e =>
        {
            e.HasKey(c => new { c.DomainId, c.Kind });
            e.HasOne<Domain>().WithMany().HasForeignKey(c => c.DomainId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Mailbox>(e =>
        {
            e.HasIndex(m => m.Address).IsUnique();
            e.HasIndex(m => m.DomainId);
            e.Property(m => m.Address).HasMaxLength(320);
            e.HasOne<Domain>().WithMany().HasForeignKey(m => m.DomainId).OnDelete(DeleteBehavior.Cascade);
            e.Ignore(m => m.IsPaused);
        });
        modelBuilder.Entity<AuthKey>(e =>
        {
            e.HasIndex(k => k.MailboxId);
            e.HasIndex(k => k.SecretHash).IsUnique();
            e.HasOne<Mailbox>().WithMany().HasForeignKey(k => k.MailboxId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ApiToken>(e =>
        {
            e.HasIndex(t => t.SecretHash).IsUnique();
            e.Property(t => t.Role).HasConversion<string>().HasMaxLength(16);
            e.HasOne<Workspace>().WithMany().HasForeignKey(t => t.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Message>(e =>
        {
            e.HasIndex(m => new { m.WorkspaceId, m.ReceivedAt });
            e.HasMany(m => m.Recipients).WithOne().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<MessageBody>(e =>
        {
            e.HasKey(b => b.MessageId);
            e.HasOne<Message>().WithOne().HasForeignKey<MessageBody>(b => b.MessageId)
                .OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<MessageRecipient>(e =>
        {
            e.HasIndex(r => new { r.State, r.NextAttemptAt });
            e.HasIndex(r => r.MessageId);
            e.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        });
        modelBuilder.Entity<EmailLogEntry>(e =>
        {
            // Searches read a workspace's entries newest first by id (keyset pages), so each filter has an
            // index of the workspace, the filtered column, then the id; the columns after the id let the
            // other filters be checked in the index without reading the row. Time has the walk down the
            // ids (time after each id) and an index of its own for a window long past; the retention purge
            // reads it too. EmailLogSearchSchema adds the case-folded mailbox and recipient indexes in SQL,
            // and Logs/EmailLogIndexes says which one a search reads.
            e.HasIndex(l => new { l.WorkspaceId, l.Id, l.At });
            e.HasIndex(l => new { l.WorkspaceId, l.At });
            e.HasIndex(l => new { l.WorkspaceId, l.DomainId, l.Id, l.At, l.Event, l.Code });
            e.HasIndex(l => new { l.WorkspaceId, l.Event, l.Id, l.At });
            e.HasIndex(l => new { l.WorkspaceId, l.Code, l.Id, l.At, l.Event });
            e.HasIndex(l => l.MessageId);
            e.Property(l => l.Event).HasMaxLength(32);
        });
        modelBuilder.Entity<Suppression>(e =>
        {
            e.HasIndex(s => new { s.WorkspaceId, s.Address }).IsUnique();
            e.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<AuditEntry>(e => e.HasIndex(a => new { a.WorkspaceId, a.At }));
        modelBuilder.Entity<SendCounter>(e => e.HasKey(c => new { c.Scope, c.WindowStart }));
        modelBuilder.Entity<Webhook>(e =>
        {
            e.HasIndex(w => w.WorkspaceId);
            e.Property(w => w.Url).HasMaxLength(2048);
            e.Property(w => w.Events).HasMaxLength(200);
            e.HasOne<Workspace>().WithMany().HasForeignKey(w => w.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<WebhookDelivery>(e =>
        {
            // One delivery per event and endpoint, however often the dispatcher rescans.
            e.HasIndex(d => new { d.WebhookId, d.EmailLogEntryId }).IsUnique();
            e.HasIndex(d => new { d.State, d.NextAttemptAt });
            e.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
            e.HasOne<Webhook>().WithMany().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
        });

        UseSnakeCaseNames(modelBuilder);
    }

    private static void UseSnakeCaseNames(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            entity.SetTableName(ToSnakeCase(entity.GetTableName() ?? entity.ClrType.Name));
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
            }
            foreach (var key in entity.GetKeys())
            {
                key.SetName(ToSnakeCase(key.GetName() ?? "pk"));
            }
            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName(ToSnakeCase(foreignKey.GetConstraintName() ?? "fk"));
            }
            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(ToSnakeCase(index.GetDatabaseName() ?? "ix"));
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var startsWord = i > 0 && name[i - 1] != '_'
                    && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])));
                if (startsWord)
                {
                    builder.Append('_');
                }
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
