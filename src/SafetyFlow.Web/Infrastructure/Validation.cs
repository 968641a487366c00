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
        if (!result.IsValid)
        {
            return TypedResults.ValidationProblem(result.ToDictionary());
        }

        return await next(context);
    }
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
