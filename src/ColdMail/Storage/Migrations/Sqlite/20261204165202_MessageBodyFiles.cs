using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ColdMail.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MessageBodyFiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "body_checksum",
                table: "messages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "body_offset",
                table: "messages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "body_segment",
                table: "messages",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "body_checksum",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "body_offset",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "body_segment",
                table: "messages");
        }
    }
}
