using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SafetyFlow.IntegrationTests.Support;

/// <summary>A real HTTP server on 127.0.0.1 that records every webhook request and answers with scripted status codes.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentQueue<int> _script;
    private Task? _holdFirst;

    private WebhookReceiver(WebApplication app, IEnumerable<int> script)
    {
        _app = app;
        _script = new ConcurrentQueue<int>(script);
    }

    public string BaseUrl { get; private set; } = "";

    /// <summary>The answer once the scripted ones are used up.</summary>
    public int Status { get; set; } = 200;

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>The next request is recorded at once but answered only when <paramref name="until"/> completes: a slow receiver.</summary>
    public void HoldFirst(Task until) => _holdFirst = until;

    /// <summary>Starts listening; the first requests get the given status codes, later ones <see cref="Status"/>.</summary>
    public static async Task<WebhookReceiver> StartAsync(params int[] script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, script);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            receiver._requests.Enqueue(new ReceivedRequest(
                context.Request.Path.Value ?? "",
                context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                buffer.ToArray()));
            if (Interlocked.Exchange(ref receiver._holdFirst, null) is { } hold)
            {
                await hold;
            }

            context.Response.StatusCode = receiver._script.TryDequeue(out var scripted) ? scripted : receiver.Status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(context.Response.StatusCode == 200 ? """{"errcode":0,"errmsg":"ok"}""" : """{"error":"try again"}""");
        });
        await app.StartAsync();
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return receiver;
    }

    /// <summary>The requests to one path, once there are at least <paramref name="count"/> (waiting up to 10 seconds).</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(string path, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var matching = Requests.Where(r => r.Path == path).ToList();
            if (matching.Count >= count || DateTime.UtcNow > deadline)
            {
                Assert.True(matching.Count >= count, $"Expected {count} request(s) to {path}, got {matching.Count}.");
                return matching;
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
}
