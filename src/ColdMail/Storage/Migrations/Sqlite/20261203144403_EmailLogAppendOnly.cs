using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ColdMail.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EmailLogAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            AppendOnlyEmailLog.Apply(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            AppendOnlyEmailLog.Remove(migrationBuilder);
        }
    }
}
