using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace SafetyFlow.IntegrationTests.Support;

/// <summary>
/// A real SMTP server on 127.0.0.1 (Debian's python3-aiosmtpd) that stores every message it accepts in a Maildir, where
/// tests read them back with MimeKit.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private readonly Process _process;

    private SmtpServer(Process process, int port, string folder)
    {
        _process = process;
        Port = port;
        Folder = folder;
    }

    public int Port { get; }

    public string Folder { get; }

    /// <summary>The settings that point SafetyFlow's email delivery at this server.</summary>
    public IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["SafetyFlow:Email:Enabled"] = "true",
        ["SafetyFlow:Email:Host"] = "127.0.0.1",
        ["SafetyFlow:Email:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SafetyFlow:Email:Security"] = "None",
        ["SafetyFlow:Email:From"] = "SafetyFlow <safety@example.test>",
        ["SafetyFlow:PublicUrl"] = "https://safety.example.test",
    };

    public static async Task<SmtpServer> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "safetyflow-tests", $"mail-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        var port = FreePort();

        // Debian's interpreter is the one the package installs into, whatever else is first on the PATH.
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var start = new ProcessStartInfo(python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        var server = new SmtpServer(process, port, folder);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The SMTP server stopped: {await process.StandardError.ReadToEndAsync()} (install python3-aiosmtpd)");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        await server.DisposeAsync();
        throw new TimeoutException($"The SMTP server did not listen on port {port} within 10 seconds.");
    }

    /// <summary>Every message received so far.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var received = Path.Combine(Folder, "new");
        return Directory.Exists(received)
            ? [.. Directory.GetFiles(received).Order(StringComparer.Ordinal).Select(file => MimeMessage.Load(file))]
            : [];
    }

    /// <summary>The messages to one address, once there are at least <paramref name="count"/> (waiting up to 10 seconds).</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(string to, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var mine = To(to);
            if (mine.Count >= count || DateTime.UtcNow > deadline)
            {
                Assert.True(mine.Count >= count, $"Expected {count} message(s) to {to}, got {mine.Count}.");
                return mine;
            }

            await Task.Delay(50);
        }
    }

    public IReadOnlyList<MimeMessage> To(string address) =>
        [.. Messages().Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase)))];

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
