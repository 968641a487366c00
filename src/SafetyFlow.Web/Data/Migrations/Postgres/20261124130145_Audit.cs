using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SafetyFlow.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Audit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FindingDigest",
                table: "FindingTransitions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "FindingTransitions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "PreviousHash",
                table: "FindingTransitions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "RepeatOfId",
                table: "Findings",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ZoneRatings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ZoneId = table.Column<Guid>(type: "uuid", nullable: false),
                    Month = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    Stars = table.Column<int>(type: "integer", nullable: false),
                    Score = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    Components = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    DefinitionHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ComputedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ZoneRatings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ZoneRatings_Zones_ZoneId",
                        column: x => x.ZoneId,
                        principalTable: "Zones",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Findings_RepeatOfId",
                table: "Findings",
                column: "RepeatOfId");

            migrationBuilder.CreateIndex(
                name: "IX_ZoneRatings_ZoneId_Month",
                table: "ZoneRatings",
                columns: new[] { "ZoneId", "Month" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Findings_Findings_RepeatOfId",
                table: "Findings",
                column: "RepeatOfId",
                principalTable: "Findings",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Findings_Findings_RepeatOfId",
                table: "Findings");

            migrationBuilder.DropTable(
                name: "ZoneRatings");

            migrationBuilder.DropIndex(
                name: "IX_Findings_RepeatOfId",
                table: "Findings");

            migrationBuilder.DropColumn(
                name: "FindingDigest",
                table: "FindingTransitions");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "FindingTransitions");

            migrationBuilder.DropColumn(
                name: "PreviousHash",
                table: "FindingTransitions");

            migrationBuilder.DropColumn(
                name: "RepeatOfId",
                table: "Findings");
        }
    }
}
