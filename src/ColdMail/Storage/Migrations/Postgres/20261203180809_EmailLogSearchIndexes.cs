using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ColdMail.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EmailLogSearchIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_email_log_workspace_id_id",
                table: "email_log");

            migrationBuilder.CreateIndex(
                name: "ix_email_log_workspace_id_code_id_at_event",
                table: "email_log",
                columns: new[] { "workspace_id", "code", "id", "at", "event" });

            migrationBuilder.CreateIndex(
                name: "ix_email_log_workspace_id_domain_id_id_at_event_code",
                table: "email_log",
                columns: new[] { "workspace_id", "domain_id", "id", "at", "event", "code" });

            migrationBuilder.CreateIndex(
                name: "ix_email_log_workspace_id_event_id_at",
                table: "email_log",
                columns: new[] { "workspace_id", "event", "id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_email_log_workspace_id_id_at",
                table: "email_log",
                columns: new[] { "workspace_id", "id", "at" });

            EmailLogSearchSchema.Apply(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            EmailLogSearchSchema.Remove(migrationBuilder);

            migrationBuilder.DropIndex(
                name: "ix_email_log_workspace_id_code_id_at_event",
                table: "email_log");

            migrationBuilder.DropIndex(
                name: "ix_email_log_workspace_id_domain_id_id_at_event_code",
                table: "email_log");

            migrationBuilder.DropIndex(
                name: "ix_email_log_workspace_id_event_id_at",
                table: "email_log");

            migrationBuilder.DropIndex(
                name: "ix_email_log_workspace_id_id_at",
                table: "email_log");

            migrationBuilder.CreateIndex(
                name: "ix_email_log_workspace_id_id",
                table: "email_log",
                columns: new[] { "workspace_id", "id" });
        }
    }
}
