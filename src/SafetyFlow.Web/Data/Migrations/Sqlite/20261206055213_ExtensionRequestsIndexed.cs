using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SafetyFlow.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExtensionRequestsIndexed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Findings_PendingExtensions",
                table: "Findings",
                columns: new[] { "ClosedAt", "State", "DueAt", "Id" },
                filter: "\"ClosedAt\" IS NULL AND \"PendingExtension_RequestedAt\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Findings_PendingExtensions",
                table: "Findings");
        }
    }
}
