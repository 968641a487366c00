using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace SafetyFlow.IntegrationTests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster on a free loopback port (Debian's postgresql package), started once per test run on
/// first use, with an empty database per app. initdb refuses root, so as root the cluster runs as the postgres user.
/// The server stops, and its folder is removed, within a second of this process ending.
/// </summary>
public sealed class PostgresServer
{
    private const string Install = "the tests on PostgreSQL start their own server from Debian's postgresql package: apt-get install postgresql";

    private static readonly Lazy<PostgresServer> Started = new(Start);

    private PostgresServer(int port, string folder, string bin)
    {
        Port = port;
        Folder = folder;
        Bin = bin;
    }

    public static PostgresServer Instance => Started.Value;

    public int Port { get; }

    public string Folder { get; }

    /// <summary>The server's programs (pg_dump, pg_restore), of the same version as the server.</summary>
    public string Bin { get; }

    /// <summary>
    /// A connection string to <paramref name="database"/>. Idle connections are closed after seconds, not minutes: every
    /// app has a database, and so a pool, of its own.
    /// </summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Connection Idle Lifetime=5;Connection Pruning Interval=1";

    /// <summary>A new empty database; its name.</summary>
    public string CreateDatabase()
    {
        var name = $"sf_{Guid.NewGuid():N}";
        Execute($"CREATE DATABASE {name}");
        return name;
    }

    /// <summary>Runs a statement in the server's maintenance database.</summary>
    public void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static PostgresServer Start()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(folder => File.Exists(Path.Combine(folder, "initdb")))
                .OrderByDescending(folder => int.TryParse(Path.GetFileName(Path.GetDirectoryName(folder)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException($"PostgreSQL is not installed: {Install}.");
        }

        var folder = Path.Combine(Path.GetTempPath(), $"safetyflow-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", "postgres:postgres", folder);
        }

        Run(ServerUser(asRoot, Path.Combine(bin, "initdb"), "-D", Path.Combine(folder, "data"), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"));

        // The server runs under a watch that stops it, and removes its folder, once this process is gone.
        const string Watch = """
            "$1/postgres" -D "$2/data" -p "$3" -k "$2" -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
              -c full_page_writes=off -c max_connections=400 -c shared_buffers=64MB > "$2/server.log" 2>&1 &
            server=$!
            while [ -d "/proc/$4" ] && kill -0 "$server" 2>/dev/null; do sleep 1; done
            kill -INT "$server" 2>/dev/null
            wait "$server"
            rm -rf "$2"
            """;
        var port = FreePort();
        var watch = ServerUser(asRoot, "/bin/sh", "-c", Watch, "sh", bin, folder, port.ToString(System.Globalization.CultureInfo.InvariantCulture), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        watch.RedirectStandardOutput = false;
        watch.RedirectStandardError = false;
        using (Process.Start(watch))
        {
        }

        var server = new PostgresServer(port, folder, bin);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                server.Execute("SELECT 1");
                return server;
            }
            catch (Exception e) when (e is NpgsqlException or SocketException && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
            catch (NpgsqlException e)
            {
                var log = Path.Combine(folder, "server.log");
                throw new InvalidOperationException(
                    $"PostgreSQL did not start on port {port} within 30 seconds ({e.Message}): {(File.Exists(log) ? File.ReadAllText(log) : "no log")}", e);
            }
        }
    }

    private static ProcessStartInfo ServerUser(bool asRoot, string program, params string[] arguments)
    {
        var start = asRoot ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", program, .. arguments]) : new ProcessStartInfo(program, arguments);
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Path.GetTempPath();
        return start;
    }

    private static void Run(string program, params string[] arguments) => Run(ServerUser(false, program, arguments));

    private static void Run(ProcessStartInfo start)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start ({Install}).");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{start.FileName} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {error}{output.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
