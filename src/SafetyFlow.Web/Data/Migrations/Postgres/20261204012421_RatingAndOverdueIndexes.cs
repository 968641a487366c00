using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SafetyFlow.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RatingAndOverdueIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Findings_ClosedAt_DueAt",
                table: "Findings");

            migrationBuilder.CreateIndex(
                name: "IX_Inspections_DueAt",
                table: "Inspections",
                column: "DueAt");

            migrationBuilder.CreateIndex(
                name: "IX_Findings_ClosedAt_DueAt",
                table: "Findings",
                columns: new[] { "ClosedAt", "DueAt", "RaisedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Inspections_DueAt",
                table: "Inspections");

            migrationBuilder.DropIndex(
                name: "IX_Findings_ClosedAt_DueAt",
                table: "Findings");

            migrationBuilder.CreateIndex(
                name: "IX_Findings_ClosedAt_DueAt",
                table: "Findings",
                columns: new[] { "ClosedAt", "DueAt" });
        }
    }
}
