using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ColdMail.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DomainSendingHours : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<TimeOnly>(
                name: "sending_hours_end",
                table: "domains",
                type: "time without time zone",
                nullable: true);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "sending_hours_start",
                table: "domains",
                type: "time without time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sending_time_zone",
                table: "domains",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "sending_hours_end",
                table: "domains");

            migrationBuilder.DropColumn(
                name: "sending_hours_start",
                table: "domains");

            migrationBuilder.DropColumn(
                name: "sending_time_zone",
                table: "domains");
        }
    }
}
