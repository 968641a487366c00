using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SafetyFlow.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FindingsIndexedForTheReviewQueueAndTheList : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Findings_ClosedAt_State_ZoneId",
                table: "Findings",
                columns: new[] { "ClosedAt", "State", "ZoneId", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Findings_DueAt_Id",
                table: "Findings",
                columns: new[] { "DueAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Findings_ClosedAt_State_ZoneId",
                table: "Findings");

            migrationBuilder.DropIndex(
                name: "IX_Findings_DueAt_Id",
                table: "Findings");
        }
    }
}
