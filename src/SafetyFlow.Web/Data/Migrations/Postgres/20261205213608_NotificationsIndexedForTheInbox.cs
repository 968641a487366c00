using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SafetyFlow.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NotificationsIndexedForTheInbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Notifications_FindingId",
                table: "Notifications");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_FindingId_RecipientId",
                table: "Notifications",
                columns: new[] { "FindingId", "RecipientId" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_Unread",
                table: "Notifications",
                columns: new[] { "RecipientId", "At" },
                filter: "NOT \"Read\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Notifications_FindingId_RecipientId",
                table: "Notifications");

            migrationBuilder.DropIndex(
                name: "IX_Notifications_Unread",
                table: "Notifications");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_FindingId",
                table: "Notifications",
                column: "FindingId");
        }
    }
}
