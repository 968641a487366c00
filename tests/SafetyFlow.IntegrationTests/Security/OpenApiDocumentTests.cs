using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Security;

/// <summary>
/// The OpenAPI document tells a generated client how to sign in and which operations need it, and passes Redocly's
/// recommended rules (tools/openapi-lint, installed by .ci/run).
/// </summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task Every_operation_but_sign_in_declares_the_bearer_scheme_and_what_it_answers_without_a_token()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        using var client = app.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());

        var open = new List<string>();
        var operations = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                operations++;
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                var security = operation.Value.GetProperty("security");
                if (security.GetArrayLength() == 0)
                {
                    open.Add(name);
                    continue;
                }

                Assert.True(security[0].TryGetProperty("Bearer", out _), $"{name} names another scheme");
                Assert.True(operation.Value.GetProperty("responses").TryGetProperty("401", out _), $"{name} does not say it answers 401");
            }
        }

        Assert.True(operations > 30, $"only {operations} operations in the document");
        Assert.Equal(["POST /api/auth/token"], open);
    }

    [Fact]
    public async Task The_document_passes_redoclys_recommended_rules()
    {
        var tool = Path.Combine(RepoFolders.Root, "tools", "openapi-lint");
        var cli = Path.Combine(tool, "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(cli), $"Redocly CLI is not installed: run `npm ci` in {tool} (.ci/run does).");

        // Read as an operator's browser would, at the group's own host rather than the test server's localhost.
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://safety.group.internal") });
        var file = Path.Combine(Path.GetTempPath(), $"safetyflow-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await client.GetStringAsync("/openapi/v1.json"));
        try
        {
            var start = new ProcessStartInfo(cli, ["lint", "--config", "redocly.yaml", "--format", "stylish", file])
            {
                WorkingDirectory = tool,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["REDOCLY_TELEMETRY"] = "off";
            start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            using var lint = Process.Start(start)!;
            var output = lint.StandardOutput.ReadToEndAsync();
            var errors = lint.StandardError.ReadToEndAsync();
            await lint.WaitForExitAsync();
            var report = await output + await errors;
            Assert.True(lint.ExitCode == 0, report);
            Assert.DoesNotContain(" warning ", report, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
