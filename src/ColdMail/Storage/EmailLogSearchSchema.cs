using Microsoft.EntityFrameworkCore.Migrations;

namespace ColdMail.Storage;

/// <summary>
/// The email log's search indexes that the model cannot state: mailbox and recipient filters ignore case,
/// so their indexes hold <c>lower(column)</c>, the expression the queries compare. A later migration that
/// rebuilds <c>email_log</c> on SQLite must call <see cref="Apply"/> again.
/// </summary>
public static class EmailLogSearchSchema
{
    public const string MailboxIndex = "ix_email_log_workspace_id_lower_mailbox_id";

    public const string RecipientIndex = "ix_email_log_workspace_id_lower_recipient_id";

    /// <summary>Adds the indexes; called by the migration's Up.</summary>
    public static void Apply(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($"CREATE INDEX {MailboxIndex} ON email_log (workspace_id, lower(mailbox), id);");
        migrationBuilder.Sql($"CREATE INDEX {RecipientIndex} ON email_log (workspace_id, lower(recipient), id);");
    }

    /// <summary>Removes them again; called by the migration's Down.</summary>
    public static void Remove(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($"DROP INDEX IF EXISTS {RecipientIndex};");
        migrationBuilder.Sql($"DROP INDEX IF EXISTS {MailboxIndex};");
    }
}
