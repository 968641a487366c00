using System.Globalization;

namespace SafetyFlow.IntegrationTests.Support;

/// <summary>
/// Backups taken and restored the way docs/scale-out.md tells an operator to, of a database an app is running on:
/// sqlite3's <c>.backup</c> of the live file, or <c>pg_dump</c> of the live database without Hangfire's schema, restored
/// with <c>pg_restore</c> into a new database.
/// </summary>
internal static class Backups
{
    /// <summary>Backs up the live <paramref name="database"/> into <paramref name="folder"/>; the backup file.</summary>
    public static async Task<string> BackUpAsync(string database, string folder)
    {
        Directory.CreateDirectory(folder);
        if (TestDatabase.IsPostgres)
        {
            var server = PostgresServer.Instance;
            var dump = Path.Combine(folder, "safetyflow.dump");
            await RunAsync(
                Path.Combine(server.Bin, "pg_dump"),
                "--format=custom", "--exclude-schema=hangfire", "--host=127.0.0.1", $"--port={server.Port.ToString(CultureInfo.InvariantCulture)}",
                "--username=postgres", $"--file={dump}", database);
            return dump;
        }

        var copy = Path.Combine(folder, "safetyflow.db");
        await RunAsync("sqlite3", database, $".backup '{copy}'");
        return copy;
    }

    /// <summary>Restores a backup into a new database (on SQLite, the file put in <paramref name="folder"/>); the new database.</summary>
    public static async Task<string> RestoreAsync(string backup, string folder)
    {
        Directory.CreateDirectory(folder);
        if (TestDatabase.IsPostgres)
        {
            var server = PostgresServer.Instance;
            var database = server.CreateDatabase();
            await RunAsync(
                Path.Combine(server.Bin, "pg_restore"),
                "--no-owner", "--exit-on-error", "--host=127.0.0.1", $"--port={server.Port.ToString(CultureInfo.InvariantCulture)}",
                "--username=postgres", $"--dbname={database}", backup);
            return database;
        }

        var file = Path.Combine(folder, "safetyflow.db");
        File.Copy(backup, file);
        return file;
    }

    private static Task<string> RunAsync(string program, params string[] arguments) => Commands.RunAsync(
        program, arguments, $"the backup tests run it as an operator would (apt-get install {(program == "sqlite3" ? "sqlite3" : "postgresql")}).");
}
