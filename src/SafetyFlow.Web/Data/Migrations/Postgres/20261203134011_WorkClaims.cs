using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SafetyFlow.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WorkClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "WorkClaims",
                columns: table => new
                {
                    Queue = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    Holder = table.Column<Guid>(type: "uuid", nullable: false),
                    Until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkClaims", x => new { x.Queue, x.ItemId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_WorkClaims_Holder",
                table: "WorkClaims",
                column: "Holder");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WorkClaims");
        }
    }
}
