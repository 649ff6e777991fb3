using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ColdMail.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OneClickUnsubscribe : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "one_click_unsubscribe",
                table: "domains",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "one_click_unsubscribe",
                table: "domains");
        }
    }
}
