using Microsoft.EntityFrameworkCore.Migrations;

namespace ColdMail.Storage;

/// <summary>
/// The parts of the email log's search indexes that the model cannot state. Mailbox and recipient filters
/// ignore case, so their indexes hold <c>lower(column)</c>, the expression the queries compare; and on
/// SQLite, which keeps no statistics unless ANALYZE runs, fixed statistics tell the planner how many
/// entries one value of each column typically matches, so that it walks the index of the rarest filter
/// given. A later migration that rebuilds <c>email_log</c> on SQLite must call <see cref="Apply"/> again.
/// </summary>
public static class EmailLogSearchSchema
{
    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";

    private static readonly string[] Create =
    [
        "CREATE INDEX ix_email_log_workspace_id_lower_mailbox_id ON email_log (workspace_id, lower(mailbox), id);",
        "CREATE INDEX ix_email_log_workspace_id_lower_recipient_id ON email_log " +
            "(workspace_id, lower(recipient), id);",
    ];

    private static readonly string[] Drop =
    [
        "DROP INDEX IF EXISTS ix_email_log_workspace_id_lower_recipient_id;",
        "DROP INDEX IF EXISTS ix_email_log_workspace_id_lower_mailbox_id;",
    ];

    // Each row: entries in the table, then how many share a value of the first column, of the first two …
    // The figures describe a node of a million entries and four teams: a recipient has a few entries, a
    // mailbox about a thousand, a domain ten thousand, a reply code or event tens of thousands. Only their
    // order matters: it makes the planner prefer message > recipient > mailbox > domain > code > event >
    // time, and the columns after the id in the domain and code indexes check the rest without the row.
    // ANALYZE of the one-row permit table creates sqlite_stat1 when it does not exist yet.
    private static readonly string[] SqliteStatistics =
    [
        "ANALYZE log_purge_permits;",
        "DELETE FROM sqlite_stat1 WHERE tbl = 'email_log';",
        """
        INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
            ('email_log', 'ix_email_log_message_id', '1000000 5'),
            ('email_log', 'ix_email_log_workspace_id_lower_recipient_id', '1000000 250000 10 1'),
            ('email_log', 'ix_email_log_workspace_id_lower_mailbox_id', '1000000 250000 1000 1'),
            ('email_log', 'ix_email_log_workspace_id_domain_id_id_at_event_code', '1000000 250000 10000 1 1 1 1'),
            ('email_log', 'ix_email_log_workspace_id_code_id_at_event', '1000000 250000 40000 1 1 1'),
            ('email_log', 'ix_email_log_workspace_id_event_id_at', '1000000 250000 50000 1 1'),
            ('email_log', 'ix_email_log_workspace_id_id_at', '1000000 250000 1 1');
        """,
        // A connection reads the statistics when it opens; this makes the migrating one, which the pool
        // hands out next, read them now.
        "ANALYZE sqlite_schema;",
    ];

    /// <summary>Adds the expression indexes, and on SQLite the statistics; called by the migration's Up.</summary>
    public static void Apply(MigrationBuilder migrationBuilder)
    {
        Run(migrationBuilder, Create);
        if (migrationBuilder.ActiveProvider == SqliteProvider)
        {
            Run(migrationBuilder, SqliteStatistics);
        }
    }

    /// <summary>Removes them again; called by the migration's Down.</summary>
    public static void Remove(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.ActiveProvider == SqliteProvider)
        {
            migrationBuilder.Sql("DELETE FROM sqlite_stat1 WHERE tbl = 'email_log';");
            migrationBuilder.Sql("ANALYZE sqlite_schema;");
        }
        Run(migrationBuilder, Drop);
    }

    private static void Run(MigrationBuilder migrationBuilder, IEnumerable<string> statements)
    {
        foreach (var statement in statements)
        {
            migrationBuilder.Sql(statement);
        }
    }
}
