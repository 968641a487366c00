using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SafetyFlow.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ArrivalsAndVerifiedCheckpoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Outbox_ProcessedAt",
                table: "Outbox");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "VerifiedAt",
                table: "TrailCheckpoints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VerifiedSeal",
                table: "TrailCheckpoints",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ArrivedAt",
                table: "Inspections",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ArrivedByPhoneTime",
                table: "Inspections",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Timing",
                table: "Inspections",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ZoneArrivals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ZoneId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PhoneTime = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ZoneArrivals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ZoneArrivals_AspNetUsers_PersonId",
                        column: x => x.PersonId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ZoneArrivals_Zones_ZoneId",
                        column: x => x.ZoneId,
                        principalTable: "Zones",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_ProcessedAt_CreatedAt_Id",
                table: "Outbox",
                columns: new[] { "ProcessedAt", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ZoneArrivals_PersonId",
                table: "ZoneArrivals",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_ZoneArrivals_ZoneId_PersonId_At",
                table: "ZoneArrivals",
                columns: new[] { "ZoneId", "PersonId", "At" });

            // Inspections submitted before this migration are marked against their windows as new ones are.
            migrationBuilder.Sql("""
                UPDATE "Inspections" SET "Timing" = CASE
                    WHEN "SubmittedAt" < "VisitWindowStart" THEN 'Early'
                    WHEN "SubmittedAt" > "VisitWindowEnd" THEN 'Late'
                    ELSE 'InWindow' END
                WHERE "SubmittedAt" IS NOT NULL
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ZoneArrivals");

            migrationBuilder.DropIndex(
                name: "IX_Outbox_ProcessedAt_CreatedAt_Id",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "VerifiedAt",
                table: "TrailCheckpoints");

            migrationBuilder.DropColumn(
                name: "VerifiedSeal",
                table: "TrailCheckpoints");

            migrationBuilder.DropColumn(
                name: "ArrivedAt",
                table: "Inspections");

            migrationBuilder.DropColumn(
                name: "ArrivedByPhoneTime",
                table: "Inspections");

            migrationBuilder.DropColumn(
                name: "Timing",
                table: "Inspections");

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_ProcessedAt",
                table: "Outbox",
                column: "ProcessedAt");
        }
    }
}
