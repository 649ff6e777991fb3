using Microsoft.EntityFrameworkCore.Migrations;

namespace ColdMail.Storage;

/// <summary>
/// Makes the database itself keep the email log append-only: triggers refuse every UPDATE, and every
/// DELETE unless the deleting transaction holds the purge permit, a row in <c>log_purge_permits</c>
/// that only the retention purge inserts and removes again before it commits. Other transactions never
/// see an uncommitted permit, so the window is closed to every writer but the purge.
/// </summary>
public static class AppendOnlyEmailLog
{
    public const string PermitTable = "log_purge_permits";

    public const string InsertPermitSql = "INSERT INTO log_purge_permits (id) VALUES (1)";

    public const string RemovePermitSql = "DELETE FROM log_purge_permits";

    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";

    private const string PostgresProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    // The permit table holds at most one row; the CHECK makes a second permit impossible.
    private static readonly string[] SqliteUp =
    [
        "CREATE TABLE log_purge_permits (id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1));",
        """
        CREATE TRIGGER email_log_no_update BEFORE UPDATE ON email_log
        BEGIN
            SELECT RAISE(ABORT, 'email_log is append-only: entries are never updated');
        END;
        """,
        """
        CREATE TRIGGER email_log_no_delete BEFORE DELETE ON email_log
        WHEN NOT EXISTS (SELECT 1 FROM log_purge_permits)
        BEGIN
            SELECT RAISE(ABORT, 'email_log is append-only: only the retention purge removes entries');
        END;
        """,
    ];

    private static readonly string[] SqliteDown =
    [
        "DROP TRIGGER IF EXISTS email_log_no_delete;",
        "DROP TRIGGER IF EXISTS email_log_no_update;",
        "DROP TABLE IF EXISTS log_purge_permits;",
    ];

    private static readonly string[] PostgresUp =
    [
        "CREATE TABLE log_purge_permits (id integer NOT NULL PRIMARY KEY CHECK (id = 1));",
        """
        CREATE FUNCTION email_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM log_purge_permits) THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION 'email_log is append-only: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege',
                      HINT = 'Entries are never updated; only the retention purge removes them.';
        END;
        $$;
        """,
        """
        CREATE TRIGGER email_log_append_only BEFORE UPDATE OR DELETE ON email_log
            FOR EACH ROW EXECUTE FUNCTION email_log_append_only();
        """,
        // TRUNCATE fires no row trigger; a statement trigger refuses it outright.
        """
        CREATE TRIGGER email_log_no_truncate BEFORE TRUNCATE ON email_log
            FOR EACH STATEMENT EXECUTE FUNCTION email_log_append_only();
        """,
    ];

    private static readonly string[] PostgresDown =
    [
        "DROP TRIGGER IF EXISTS email_log_no_truncate ON email_log;",
        "DROP TRIGGER IF EXISTS email_log_append_only ON email_log;",
        "DROP FUNCTION IF EXISTS email_log_append_only();",
        "DROP TABLE IF EXISTS log_purge_permits;",
    ];

    /// <summary>Installs the permit table and the triggers; called by the migration's Up.</summary>
    public static void Apply(MigrationBuilder migrationBuilder) => Run(migrationBuilder, up: true);

    /// <summary>Removes them again; called by the migration's Down.</summary>
    public static void Remove(MigrationBuilder migrationBuilder) => Run(migrationBuilder, up: false);

    private static void Run(MigrationBuilder migrationBuilder, bool up)
    {
        var statements = migrationBuilder.ActiveProvider switch
        {
            SqliteProvider => up ? SqliteUp : SqliteDown,
            PostgresProvider => up ? PostgresUp : PostgresDown,
            var other => throw new NotSupportedException($"No append-only triggers for provider '{other}'."),
        };
        foreach (var statement in statements)
        {
            migrationBuilder.Sql(statement);
        }
    }
}
