using FluentValidation;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>Validates the request body of type <typeparamref name="T"/> and answers 400 with errors keyed by field path.</summary>
internal sealed class ValidationFilter<T>(bool optional) : IEndpointFilter
    where T : class
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var body = context.Arguments.OfType<T>().FirstOrDefault();
        if (body is null && optional)
        {
            return await next(context);
        }

        if (body is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] });
        }

        var validator = context.HttpContext.RequestServices.GetRequiredService<IValidator<T>>();
        var result = await validator.ValidateAsync(body, context.HttpContext.RequestAborted);
        var errors = result.ToDictionary();
        foreach (var path in NulCharacters.Paths(body, ""))
        {
            errors[path] = errors.TryGetValue(path, out var messages) ? [.. messages, NulCharacters.Message] : [NulCharacters.Message];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await next(context);
    }
}

/// <summary>
/// Finds text holding the NUL character (<c>\u0000</c>) anywhere in a request body: PostgreSQL cannot store it in a text
/// column, so it is refused as input on every database alike.
/// </summary>
internal static class NulCharacters
{
    public const string Message = "Text may not contain the NUL character (\\u0000).";

    public static IEnumerable<string> Paths(object? value, string path)
    {
        switch (value)
        {
            case null:
                yield break;
            case string text:
                if (text.Contains('\0', StringComparison.Ordinal))
                {
                    yield return path.Length == 0 ? "body" : path;
                }

                yield break;
            case System.Collections.IDictionary dictionary:
                foreach (System.Collections.DictionaryEntry entry in dictionary)
                {
                    foreach (var inner in Paths(entry.Value, $"{path}.{entry.Key}"))
                    {
                        yield return inner;
                    }
                }

                yield break;
            case System.Collections.IEnumerable list:
                var index = 0;
                foreach (var element in list)
                {
                    foreach (var inner in Paths(element, $"{path}[{index++}]"))
                    {
                        yield return inner;
                    }
                }

                yield break;
        }

        // Request records are the app's own types; anything else (a JSON element, a date) holds no such text.
        if (value.GetType().Assembly != typeof(NulCharacters).Assembly)
        {
            yield break;
        }

        foreach (var property in value.GetType().GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0)
            {
                var name = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                foreach (var inner in Paths(property.GetValue(value), path.Length == 0 ? name : $"{path}.{name}"))
                {
                    yield return inner;
                }
            }
        }
    }
}

/// <summary>Refuses a query value holding the NUL character before any endpoint reads it, naming the parameter.</summary>
internal sealed class NulQueryFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var bad = context.Request.Query.Where(q => q.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true)).Select(q => q.Key).ToList();
            if (bad.Count == 0)
            {
                await nextMiddleware(context);
                return;
            }

            var errors = bad.ToDictionary(key => key, _ => new[] { NulCharacters.Message });
            await TypedResults.ValidationProblem(errors).ExecuteAsync(context);
        });
        next(app);
    };
}

internal static class ValidationExtensions
{
    /// <summary>Validates the body of type <typeparamref name="T"/>; an optional body may also be left out.</summary>
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder builder, bool optional = false)
        where T : class =>
        builder.AddEndpointFilter(new ValidationFilter<T>(optional)).ProducesValidationProblem();

    /// <summary>Field paths in camelCase, as the JSON body spells them (<c>results[3].value</c>).</summary>
    public static void UseCamelCasePropertyNames()
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(member.Name);
    }
}

/// <summary>Collects errors found while handling a request (against stored data) under field paths.</summary>
internal sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool Any => _errors.Count > 0;

    public bool Has(string path) => _errors.ContainsKey(path);

    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var list))
        {
            _errors[path] = list = [];
        }

        list.Add(message);
    }

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
