using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SafetyFlow.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TrailVerifiedCheckpoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Outbox_ProcessedAt",
                table: "Outbox");

            migrationBuilder.AddColumn<long>(
                name: "VerifiedAt",
                table: "TrailCheckpoints",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VerifiedSeal",
                table: "TrailCheckpoints",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_ProcessedAt_CreatedAt_Id",
                table: "Outbox",
                columns: new[] { "ProcessedAt", "CreatedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Outbox_ProcessedAt_CreatedAt_Id",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "VerifiedAt",
                table: "TrailCheckpoints");

            migrationBuilder.DropColumn(
                name: "VerifiedSeal",
                table: "TrailCheckpoints");

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_ProcessedAt",
                table: "Outbox",
                column: "ProcessedAt");
        }
    }
}
