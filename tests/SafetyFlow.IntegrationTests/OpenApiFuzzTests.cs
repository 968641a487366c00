using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests;

/// <summary>
/// Every route of the app's own OpenAPI document gets bad input (wrong JSON types, nulls, extremes of dates, weeks and
/// months, huge strings, unknown ids, bad query values) and must answer it without a server error, and without naming
/// the server's types in a 4xx body.
/// </summary>
public sealed partial class OpenApiFuzzTests : IAsyncLifetime
{
    /// <summary>The admin tries every route; of the others, the first a route does not refuse tries it too.</summary>
    private static readonly string[] People = ["admin", "safety1", "sup-canteen", "member-canteen", "owner-fire"];

    private static readonly string Huge = new('x', 100_000);

    /// <summary>Strings that have made parsers of weeks, months, dates, durations and roles throw.</summary>
    private static readonly string[] EdgeStrings =
    [
        "", " ", "0", "-1", " Member", "0000-W01", "9999-W52", "2026-W00", "2026-W54", "0001-01", "9999-12", "2026-13",
        "0001-01-01", "9999-12-31", "0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59+00:00", "9999-12-31T23:59:59-14:00",
        "P99999Y", "-P1D", "PT0S", "P366D", "45,5", "NaN", "null", "\u0000", "名字", Huge,
    ];

    /// <summary>Number literals written into the body as they are: some do not fit any .NET number.</summary>
    private static readonly string[] EdgeNumbers = ["0", "-1", "1e308", "-1e308", "1e400", "79228162514264337593543950336", "1e-400", "123456789012345678901234567890.5"];

    private static readonly string[] QueryValues =
    [
        "", "x", "-1", "0", "99999999999", "true", "0001-01-01", "9999-12-31", "0000-W01", "9999-W52", "0001-01", "9999-12",
        "0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59+00:00", "9999-12-31T23:59:59-14:00", "00000000-0000-0000-0000-000000000000",
        Guid.NewGuid().ToString(), "%00", "\u0000", new string('x', 10_000),
    ];

    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());
    private readonly List<string> _failures = [];
    private readonly Dictionary<string, HttpClient> _clients = [];
    private int _sent;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task No_route_answers_bad_input_with_a_server_error()
    {
        var document = await _app.CreateClient().GetJsonAsync("/openapi/v1.json");
        foreach (var person in People)
        {
            _clients[person] = await _app.SignInAsync(person);
        }

        var known = await KnownIdsAsync();
        var operations = Operations(document);
        Assert.True(operations.Count >= 30, $"The OpenAPI document lists only {operations.Count} operations.");

        foreach (var operation in operations)
        {
            var callers = await CallersAsync(operation, known, document);
            foreach (var request in Requests(operation, known, document))
            {
                foreach (var caller in callers)
                {
                    await SendAsync(caller, operation, request);
                }
            }
        }

        Assert.True(_failures.Count == 0, $"{_failures.Count} of {_sent} requests went wrong:{Environment.NewLine}{string.Join(Environment.NewLine, _failures)}");
        Assert.True(_sent > 2000, $"Only {_sent} requests were sent.");
    }

    private sealed record Operation(string Method, string Path, IReadOnlyList<Parameter> Parameters, JsonElement? Body);

    private sealed record Parameter(string Name, string In, string Type);

    private sealed record Request(string Url, string? Body);

    /// <summary>Ids that exist, so that bad bodies reach past the lookup: a finding, a due inspection, a workflow, a zone.</summary>
    private async Task<Dictionary<string, string>> KnownIdsAsync()
    {
        var finding = await EscalationTests.RaiseGeneralFindingAsync(_app);
        var member = _clients["member-canteen"];
        var due = await member.GetJsonAsync("/api/inspections?mine=true&status=due");
        var workflows = await member.GetJsonAsync("/api/workflows");
        var notifications = await _clients["owner-fire"].GetJsonAsync("/api/notifications?mine=true");
        return new Dictionary<string, string>
        {
            ["/api/findings/"] = finding,
            ["/api/inspections/"] = due[0].GetProperty("id").GetString()!,
            ["/api/workflows/"] = workflows[0].GetProperty("id").GetString()!,
            ["/api/zones/"] = "z-canteen-kitchen",
            ["/api/notifications/"] = notifications[0].GetProperty("id").GetString()!,
        };
    }

    private static List<Operation> Operations(JsonElement document)
    {
        var operations = new List<Operation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject())
            {
                var parameters = method.Value.TryGetProperty("parameters", out var list)
                    ? list.EnumerateArray().Select(p => new Parameter(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!, TypeOf(Resolve(document, p.GetProperty("schema"))))).ToList()
                    : [];
                JsonElement? body = method.Value.TryGetProperty("requestBody", out var requestBody)
                    && requestBody.GetProperty("content").TryGetProperty("application/json", out var json)
                    ? json.GetProperty("schema")
                    : null;
                operations.Add(new Operation(method.Name.ToUpperInvariant(), path.Name, parameters, body));
            }
        }

        // Moving the simulation clock changes what every other route sees: it goes last.
        return [.. operations.OrderBy(o => o.Path == "/api/admin/clock" && o.Method == "POST")];
    }

    /// <summary>The admin, and the first other person the route does not refuse outright.</summary>
    private async Task<List<HttpClient>> CallersAsync(Operation operation, Dictionary<string, string> known, JsonElement document)
    {
        var callers = new List<HttpClient> { _clients["admin"] };
        var baseline = Baseline(operation, known, document);
        foreach (var person in People.Skip(1))
        {
            using var response = await SendRawAsync(_clients[person], operation.Method, baseline);
            if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
            {
                callers.Add(_clients[person]);
                break;
            }
        }

        return callers;
    }

    private static Request Baseline(Operation operation, Dictionary<string, string> known, JsonElement document) =>
        new(Url(operation, known, null, null), operation.Body is { } body ? Sample(document, body, "")?.ToJsonString() ?? "null" : null);

    private static IEnumerable<Request> Requests(Operation operation, Dictionary<string, string> known, JsonElement document)
    {
        var baseline = Baseline(operation, known, document);
        yield return baseline;

        foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
        {
            foreach (var value in new[] { Guid.NewGuid().ToString(), "no-such-key", "00000000-0000-0000-0000-000000000000", new string('x', 10_000) })
            {
                yield return baseline with { Url = Url(operation, known, parameter.Name, value) };
            }
        }

        foreach (var parameter in operation.Parameters.Where(p => p.In == "query"))
        {
            foreach (var value in QueryValues)
            {
                yield return baseline with { Url = $"{baseline.Url}?{parameter.Name}={Uri.EscapeDataString(value)}" };
            }
        }

        if (operation.Body is not { } schema)
        {
            yield break;
        }

        foreach (var whole in new string?[] { null, "", "null", "[]", "\"x\"", "1", "true", "{}", "{ not json", "{\"a\":" })
        {
            yield return baseline with { Body = whole };
        }

        var sample = Sample(document, schema, "")!;
        foreach (var (path, node) in Locations(sample, []))
        {
            foreach (var replacement in Replacements(node))
            {
                var body = sample.DeepClone();
                Set(body, path, replacement.Node);
                if (body is JsonObject root && root[(string)path[0]] is JsonArray)
                {
                    // A bad row is tried on its own: the document's other lists are left out.
                    foreach (var other in root.Where(p => p.Key != (string)path[0] && p.Value is JsonArray).Select(p => p.Key).ToList())
                    {
                        root.Remove(other);
                    }
                }

                var text = body.ToJsonString();
                if (replacement.Raw is not null)
                {
                    text = text.Replace("\"" + RawMarker + "\"", replacement.Raw, StringComparison.Ordinal);
                }

                yield return baseline with { Body = text };
            }
        }
    }

    private const string RawMarker = "\u0001raw\u0001";

    private sealed record Replacement(JsonNode? Node, string? Raw = null);

    /// <summary>Wrong JSON types, null and the edge values of the node's own type (a string's where it is left out).</summary>
    private static IEnumerable<Replacement> Replacements(JsonNode? node)
    {
        var kind = node?.GetValueKind() ?? JsonValueKind.String;
        if (node is not null)
        {
            yield return new Replacement(null);
        }

        if (kind != JsonValueKind.String)
        {
            yield return new Replacement("45,5");
            yield return new Replacement(Huge);
        }

        if (kind != JsonValueKind.Number)
        {
            yield return new Replacement(12345);
        }

        if (kind is not (JsonValueKind.True or JsonValueKind.False))
        {
            yield return new Replacement(true);
        }

        if (kind != JsonValueKind.Object)
        {
            yield return new Replacement(new JsonObject { ["a"] = 1 });
        }

        if (kind != JsonValueKind.Array)
        {
            yield return new Replacement(new JsonArray(1, "x"));
        }

        switch (kind)
        {
            case JsonValueKind.String:
                foreach (var value in EdgeStrings)
                {
                    yield return new Replacement(value);
                }

                break;
            case JsonValueKind.Number:
                foreach (var value in EdgeNumbers)
                {
                    yield return new Replacement(RawMarker, value);
                }

                break;
            case JsonValueKind.Array:
                yield return new Replacement(new JsonArray());
                yield return new Replacement(new JsonArray((JsonNode?)null));
                var element = node!.AsArray()[0];
                yield return new Replacement(new JsonArray(element?.DeepClone(), element?.DeepClone()));
                break;
            case JsonValueKind.Object:
                yield return new Replacement(new JsonObject());
                break;
        }
    }

    /// <summary>Every property (also one left out as null) and array element under the root, with its path.</summary>
    private static IEnumerable<(object[] Path, JsonNode? Node)> Locations(JsonNode node, object[] path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    yield return ([.. path, name], child);
                    if (child is not null)
                    {
                        foreach (var inner in Locations(child, [.. path, name]))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } child)
                    {
                        yield return ([.. path, i], child);
                        foreach (var inner in Locations(child, [.. path, i]))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
        }
    }

    private static void Set(JsonNode root, object[] path, JsonNode? value)
    {
        var parent = root;
        foreach (var segment in path[..^1])
        {
            parent = segment is int index ? parent.AsArray()[index]! : parent.AsObject()[(string)segment]!;
        }

        if (path[^1] is int last)
        {
            parent.AsArray()[last] = value;
        }
        else
        {
            parent.AsObject()[(string)path[^1]] = value;
        }
    }

    /// <summary>A plausible value for a schema, chosen by property name where the name says more than the type.</summary>
    private static JsonNode? Sample(JsonElement document, JsonElement schema, string name)
    {
        schema = Resolve(document, schema);
        switch (TypeOf(schema))
        {
            case "object" when schema.TryGetProperty("properties", out var properties):
                var obj = new JsonObject();
                foreach (var property in properties.EnumerateObject())
                {
                    obj[property.Name] = Sample(document, property.Value, property.Name);
                }

                return obj;
            case "object":
                return new JsonObject { ["manufacturedOn"] = "2020-05-01" };
            case "array":
                return new JsonArray(Sample(document, schema.GetProperty("items"), name));
            case "integer":
                return 1;
            case "number":
                return 1.5;
            case "boolean":
                return true;
            default:
                return name switch
                {
                    "week" => "2026-W49",
                    "advanceBy" => "PT1H",
                    "language" => "en",
                    "outcome" => "fail",
                    "dueAt" or "deadline" => "2026-12-03T18:00:00+08:00",
                    "roles" => "Member",
                    "type" => "extinguisher",
                    "unit" or "parent" => "svc",
                    "zone" => "z-canteen-kitchen",
                    "owner" => "owner-fire",
                    "member" => "member-canteen",
                    "email" => "fuzz@example.test",
                    "phone" => "13800000099",
                    // An existing person without a new password: each import would otherwise hash one.
                    "password" => null,
                    "userName" => "member-office",
                    "key" => "fuzz-1",
                    "webhook" => null,
                    _ => "fuzz",
                };
        }
    }

    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            return Resolve(document, document.GetProperty("components").GetProperty("schemas").GetProperty(name));
        }

        if (schema.TryGetProperty("oneOf", out var options) || schema.TryGetProperty("anyOf", out options))
        {
            return Resolve(document, options.EnumerateArray().First(o => TypeOf(o) != "null"));
        }

        return schema;
    }

    /// <summary>The schema's type other than null; instants carry only their format.</summary>
    private static string TypeOf(JsonElement schema)
    {
        if (schema.TryGetProperty("type", out var type))
        {
            return type.ValueKind == JsonValueKind.Array
                ? type.EnumerateArray().Select(t => t.GetString()!).FirstOrDefault(t => t != "null") ?? "null"
                : type.GetString()!;
        }

        return schema.TryGetProperty("$ref", out _) || schema.TryGetProperty("oneOf", out _) ? "object" : "string";
    }

    private static string Url(Operation operation, Dictionary<string, string> known, string? parameter, string? value)
    {
        var id = known.FirstOrDefault(k => operation.Path.StartsWith(k.Key, StringComparison.Ordinal)).Value ?? Guid.NewGuid().ToString();
        return PathParameter().Replace(operation.Path, m => Uri.EscapeDataString(m.Groups[1].Value == parameter ? value! : id));
    }

    private async Task SendAsync(HttpClient caller, Operation operation, Request request)
    {
        _sent++;
        using var response = await SendRawAsync(caller, operation.Method, request);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            _failures.Add($"{Describe(caller, operation, request)} -> {status}: {Excerpt(text)}");
        }
        else if (status >= 400 && TypeName().IsMatch(text))
        {
            _failures.Add($"{Describe(caller, operation, request)} -> {status} naming a server type: {Excerpt(text)}");
        }
    }

    private static async Task<HttpResponseMessage> SendRawAsync(HttpClient caller, string method, Request request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(method), request.Url);
        if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body, Encoding.UTF8);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return await caller.SendAsync(message);
    }

    private string Describe(HttpClient caller, Operation operation, Request request)
    {
        var person = _clients.First(c => c.Value == caller).Key;
        return $"{operation.Method} {Excerpt(request.Url)} as {person} with {(request.Body is null ? "no body" : Excerpt(request.Body))}";
    }

    private static string Excerpt(string text) => text.Length <= 300 ? text : $"{text[..300]}… ({text.Length} chars)";

    [GeneratedRegex(@"\{([^}:]+)(?::[^}]*)?\}")]
    private static partial Regex PathParameter();

    [GeneratedRegex(@"System\.[A-Z]|SafetyFlow\.[A-Z]|Microsoft\.[A-Z]|`\d\[")]
    private static partial Regex TypeName();
}
