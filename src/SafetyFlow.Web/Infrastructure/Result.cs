using System.Diagnostics.CodeAnalysis;
using FluentValidation;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>
/// What a use case answers: its value, or the <see cref="Infrastructure.Failure"/> that stopped it. Use cases return
/// this and never an HTTP type; each entry point translates it for its world (<see cref="ResultHttp"/> for endpoints,
/// <see cref="ResultPages"/> for Razor pages).
/// </summary>
/// <typeparam name="T">The value the use case produces when it succeeds.</typeparam>
public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Failure? failure)
    {
        _value = value;
        Failure = failure;
    }

    /// <summary>Why the use case did not produce its value; null when it did.</summary>
    public Failure? Failure { get; }

    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Failure is null;

    /// <summary>The value; reading it from a failed result is a programming error.</summary>
    public T Value => Succeeded ? _value! : throw new InvalidOperationException($"The use case failed ({Failure.GetType().Name}); it has no value.");

#pragma warning disable CA2225 // The conversions are how a handler returns; a named alternative would only add noise.
    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Failure failure) => new(default, failure ?? throw new ArgumentNullException(nameof(failure)));
#pragma warning restore CA2225
}

/// <summary>Why a use case stopped: one of a small, closed set of reasons every entry point knows how to show.</summary>
public abstract record Failure
{
    private Failure()
    {
    }

    /// <summary>
    /// The request's input is not acceptable; messages by field path (camelCase, as the client spells it: <c>results[3].value</c>),
    /// and what the refusal means as a whole when the default title would say less (<c>nothing was stored</c>).
    /// </summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors, string? Title = null) : Failure
    {
        /// <summary>The errors as one line, <c>field: message</c>, for a page that shows them together.</summary>
        public string Summary => string.Join(" ", Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
    }

    /// <summary>The caller could not be signed in; the detail is the same whatever the reason, so it tells nothing about the account.</summary>
    public sealed record Unauthenticated(string Detail) : Failure;

    /// <summary>The thing asked about does not exist, or the caller may not know that it does.</summary>
    public sealed record NotFound : Failure;

    /// <summary>The thing exists and the caller may see it, but may not do this to it.</summary>
    public sealed record Forbidden(string Detail) : Failure;

    /// <summary>The request clashes with the current state (a wrong state, or a change made meanwhile).</summary>
    public sealed record Conflict(string Title, string Detail) : Failure;

    /// <summary>
    /// The request is well formed but cannot be taken as it stands: an <c>Idempotency-Key</c> already used for another
    /// request (422).
    /// </summary>
    public sealed record Unprocessable(string Title, string Detail) : Failure;

    /// <summary>The server cannot do this now for a reason of its own (a missing setting or file), not the caller's.</summary>
    public sealed record Unavailable(string Title, string Detail) : Failure;
}

internal static class Validators
{
    /// <summary>Runs the validator; its errors as an <see cref="Failure.Invalid"/> keyed by field path, or null when the request is valid.</summary>
    public static async Task<Failure.Invalid?> RefusalAsync<T>(this IValidator<T> validator, T request, CancellationToken cancellationToken)
    {
        var result = await validator.ValidateAsync(request, cancellationToken);
        return result.IsValid ? null : new Failure.Invalid(result.ToDictionary().AsReadOnly());
    }
}
