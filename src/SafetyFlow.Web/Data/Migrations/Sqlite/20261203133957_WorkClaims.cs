using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SafetyFlow.Web.Data.Migrations.Sqlite
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
                    Queue = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Holder = table.Column<Guid>(type: "TEXT", nullable: false),
                    Until = table.Column<long>(type: "INTEGER", nullable: false)
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
