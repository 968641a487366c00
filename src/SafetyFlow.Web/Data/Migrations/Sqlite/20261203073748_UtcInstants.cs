using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SafetyFlow.Web.Data.Migrations.Sqlite
{
    /// <summary>
    /// Rewrites every stored instant from EF Core's offset-carrying binary form (local ticks / 1000 in the high bits,
    /// the offset in minutes in the low 11 bits) to UTC ticks, so that SQL compares instants of different offsets right.
    /// </summary>
    public partial class UtcInstants : Migration
    {
        /// <summary>Every instant column of the model, as (table, column).</summary>
        internal static readonly (string Table, string Column)[] Instants =
        [
            ("AspNetUsers", "LockoutEnd"),
            ("Deliveries", "CreatedAt"),
            ("Deliveries", "NextAttemptAt"),
            ("Deliveries", "SentAt"),
            ("Findings", "ClosedAt"),
            ("Findings", "DueAt"),
            ("Findings", "FixSubmittedAt"),
            ("Findings", "NextStepAt"),
            ("Findings", "RaisedAt"),
            ("Findings", "FiveFixes_Deadline"),
            ("Findings", "FiveFixes_RecordedAt"),
            ("Findings", "PendingExtension_DueAt"),
            ("Findings", "PendingExtension_RequestedAt"),
            ("FindingTransitions", "At"),
            ("Inspections", "CreatedAt"),
            ("Inspections", "DueAt"),
            ("Inspections", "SubmittedAt"),
            ("Inspections", "VisitWindowEnd"),
            ("Inspections", "VisitWindowStart"),
            ("Notifications", "At"),
            ("Outbox", "CreatedAt"),
            ("Outbox", "ProcessedAt"),
            ("Photos", "UploadedAt"),
            ("WorkflowDefinitions", "LoadedAt"),
            ("ZoneRatings", "ComputedAt"),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            ArgumentNullException.ThrowIfNull(migrationBuilder);

            // History records are rewritten too: their encoding changes, not their instants, and the trail hashes
            // instants as UTC microseconds, so every record that verified before still verifies.
            foreach (var (table, column) in Instants)
            {
                var offsetMinutes = $"(CASE WHEN (\"{column}\" & 1024) <> 0 THEN (\"{column}\" & 2047) - 2048 ELSE (\"{column}\" & 2047) END)";
                migrationBuilder.Sql(
                    $"UPDATE \"{table}\" SET \"{column}\" = ((\"{column}\" >> 11) * 1000) - {offsetMinutes} * 600000000 WHERE \"{column}\" IS NOT NULL;");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            ArgumentNullException.ThrowIfNull(migrationBuilder);
            foreach (var (table, column) in Instants)
            {
                // Back to the binary form with a zero offset (UTC), to 100 microseconds.
                migrationBuilder.Sql($"UPDATE \"{table}\" SET \"{column}\" = (\"{column}\" / 1000) << 11 WHERE \"{column}\" IS NOT NULL;");
            }
        }
    }
}
