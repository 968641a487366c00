using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>: the bearer scheme, which operations need it and what they answer
/// without it, and a description of every tag, so generated clients and the reference page can sign in.
/// </summary>
public static class ApiDocument
{
    public const string BearerScheme = "Bearer";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Sign-in"] = "Exchange a user name and password for a bearer token.",
        ["Organisation"] = "Units, zones, people and assets: the organisation import.",
        ["People"] = "Deactivating and reactivating people who leave or return.",
        ["Workflows"] = "The loaded workflow definitions: checklists, the rectification lifecycle, zone ratings.",
        ["Inspections"] = "This week's inspections and their submission.",
        ["Findings"] = "Findings and their lifecycle: fix, accept, reject, extensions.",
        ["Photos"] = "Photos of findings and fixes.",
        ["Notifications"] = "What each person has been told.",
        ["Profile"] = "A person's own language and delivery preferences.",
        ["Deliveries"] = "Email and webhook deliveries that failed, and their resending.",
        ["Escalations"] = "Escalation steps that failed to fire, and their retry.",
        ["Reports"] = "Closure figures, the hazard register, the monthly and statutory reports.",
        ["Zones"] = "Monthly zone ratings and their history.",
        ["Audit"] = "The hash-chained trail and its verification.",
        ["Simulation clock"] = "The simulation clock for training and acceptance tests (Manual mode only).",
    };

    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(document =>
        {
            document.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info.Title = "SafetyFlow";
                doc.Info.Description = "Weekly safety inspections, the findings they raise and the closed loop that follows. "
                    + "Sign in with POST /api/auth/token and send the token as `Authorization: Bearer <token>`.";
                doc.Components ??= new OpenApiComponents();
                doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                doc.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "An access token from POST /api/auth/token.",
                };
                foreach (var server in doc.Servers ?? [])
                {
                    server.Url = server.Url?.TrimEnd('/');
                }

                foreach (var tag in doc.Tags ?? new HashSet<OpenApiTag>())
                {
                    if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
                    {
                        tag.Description = description;
                    }
                }

                return Task.CompletedTask;
            });
            document.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAllowAnonymous>().Any())
                {
                    // Declared open on purpose, rather than left undeclared.
                    operation.Security = [];
                    return Task.CompletedTask;
                }

                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
                operation.Responses ??= [];
                operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid bearer token (or the person is deactivated)." });
                if (metadata.OfType<IAuthorizeData>().Any(a => !string.IsNullOrEmpty(a.Policy) || !string.IsNullOrEmpty(a.Roles)))
                {
                    operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The person's roles do not allow this." });
                }

                return Task.CompletedTask;
            });
        });
}
