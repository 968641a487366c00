using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SafetyFlow.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TrailSeals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Seal",
                table: "Inspections",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Seal",
                table: "FindingTransitions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Seal",
                table: "Findings",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "TrailHead",
                table: "Findings",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "TrailCheckpoints",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    LastRecordId = table.Column<long>(type: "bigint", nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Signature = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrailCheckpoints", x => x.Sequence);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FindingTransitions_Hash",
                table: "FindingTransitions",
                column: "Hash");

            // The keys stored in the clear before this version go: a copy of an old backup must open nothing in force.
            // New ones are made at the next start, sealed with the master key (everyone signs in again once).
            migrationBuilder.Sql("DELETE FROM \"SystemSettings\" WHERE \"Key\" = 'auth.signing-key';");
            migrationBuilder.Sql("DELETE FROM \"DataProtectionKeys\";");

            // The trail written so far is sealed with the trail key at the next start, after its unkeyed hashes are checked.
            migrationBuilder.Sql(
                "INSERT INTO \"SystemSettings\" (\"Key\", \"Value\") SELECT 'trail.unsealed', 'pending' " +
                "WHERE EXISTS (SELECT 1 FROM \"FindingTransitions\") OR EXISTS (SELECT 1 FROM \"Inspections\");");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM \"SystemSettings\" WHERE \"Key\" IN ('trail.unsealed', 'keys.master-fingerprint', 'keys.signing', 'keys.trail');");
            migrationBuilder.Sql("DELETE FROM \"DataProtectionKeys\";");

            migrationBuilder.DropTable(
                name: "TrailCheckpoints");

            migrationBuilder.DropIndex(
                name: "IX_FindingTransitions_Hash",
                table: "FindingTransitions");

            migrationBuilder.DropColumn(
                name: "Seal",
                table: "Inspections");

            migrationBuilder.DropColumn(
                name: "Seal",
                table: "FindingTransitions");

            migrationBuilder.DropColumn(
                name: "Seal",
                table: "Findings");

            migrationBuilder.DropColumn(
                name: "TrailHead",
                table: "Findings");
        }
    }
}
