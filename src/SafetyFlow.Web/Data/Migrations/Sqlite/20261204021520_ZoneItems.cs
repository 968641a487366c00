using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SafetyFlow.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ZoneItems : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "OwnerId",
                table: "Zones",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "AssetId",
                table: "InspectionResults",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<Guid>(
                name: "AssetId",
                table: "Findings",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.CreateIndex(
                name: "IX_Zones_OwnerId",
                table: "Zones",
                column: "OwnerId");

            migrationBuilder.AddForeignKey(
                name: "FK_Zones_AspNetUsers_OwnerId",
                table: "Zones",
                column: "OwnerId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Zones_AspNetUsers_OwnerId",
                table: "Zones");

            migrationBuilder.DropIndex(
                name: "IX_Zones_OwnerId",
                table: "Zones");

            migrationBuilder.DropColumn(
                name: "OwnerId",
                table: "Zones");

            migrationBuilder.AlterColumn<Guid>(
                name: "AssetId",
                table: "InspectionResults",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "AssetId",
                table: "Findings",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
