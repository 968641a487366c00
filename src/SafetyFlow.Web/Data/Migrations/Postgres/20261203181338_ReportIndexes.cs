using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SafetyFlow.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReportIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_FindingTransitions_Rejections",
                table: "FindingTransitions",
                column: "At",
                filter: "\"Action\" = 'reject'");

            migrationBuilder.CreateIndex(
                name: "IX_Findings_ClosedAt_DueAt",
                table: "Findings",
                columns: new[] { "ClosedAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Findings_ClosureFigures",
                table: "Findings",
                columns: new[] { "RaisedAt", "ZoneId", "DueAt", "ClosedAt", "Rejections", "ExtensionRequests" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FindingTransitions_Rejections",
                table: "FindingTransitions");

            migrationBuilder.DropIndex(
                name: "IX_Findings_ClosedAt_DueAt",
                table: "Findings");

            migrationBuilder.DropIndex(
                name: "IX_Findings_ClosureFigures",
                table: "Findings");
        }
    }
}
