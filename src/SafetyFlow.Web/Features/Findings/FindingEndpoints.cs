using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SafetyFlow.Web.Features.Workflows;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Findings;

/// <summary>The body of <c>POST /api/findings/{id}/fix</c>.</summary>
public sealed record FixRequest(string? Note);

/// <summary>The optional body of an approval or of an extension decision.</summary>
public sealed record DecisionRequest(string? Note);

/// <summary>The body of <c>POST /api/findings/{id}/comments</c>.</summary>
public sealed record CommentRequest(string? Text);

/// <summary>The body of <c>POST /api/findings/{id}/owner</c>: the new owner's user name and an optional note.</summary>
public sealed record ReassignRequest(string? Owner, string? Note);

/// <summary>The body of <c>POST /api/findings/{id}/reject</c>.</summary>
public sealed record RejectRequest(string? Reason);

/// <summary>The body of <c>POST /api/findings/{id}/extension</c>.</summary>
public sealed record ExtensionRequest(DateTimeOffset? DueAt, string? Reason);

/// <summary>The body of <c>POST /api/findings/{id}/five-fixes</c>.</summary>
public sealed record FiveFixesRequest(string? Measures, string? Funds, string? ResponsiblePerson, DateTimeOffset? Deadline, string? ContingencyPlan);

/// <summary>The optional search terms of <c>GET /api/findings</c> beyond its original filters.</summary>
public sealed record FindingSearch(string? Q, string? From, string? To, string? Category, bool? Open, string? ClosedFrom, bool? OnTime, string? Sort, string? Dir)
{
    public ListFindingsRequest Onto(ListFindingsRequest request) => request with
    {
        Text = Q, From = From, To = To, Category = Category, Open = Open, ClosedFrom = ClosedFrom, OnTime = OnTime, Sort = Sort, Dir = Dir,
    };
}

/// <summary>
/// The finding routes: thin adapters that build a use case's request from the route, the body and the caller, and
/// answer its result. The use cases check the input, the caller's scope, the lifecycle and the save.
/// </summary>
public static class FindingEndpoints
{
    public static IEndpointRouteBuilder MapFindingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/findings").WithTags("Findings").RequireAuthorization();
        group.MapGet("/", List).ProducesValidationProblem().WithName("ListFindings").WithSummary("Findings the caller may see, soonest deadline first, or in the order asked for.");
        group.MapGet("/{id:guid}", Get).Produces(StatusCodes.Status404NotFound).WithName("GetFinding").WithSummary("One finding with its history.");

        Action(group.MapPost("/{id:guid}/fix", Fix))
            .WithName("SubmitFix").WithSummary("The owner reports the fix; the finding waits for acceptance.");
        Action(group.MapPost("/{id:guid}/approve", Approve))
            .WithName("ApproveFix").WithSummary("A supervisor over the zone accepts the fix and closes the finding.");
        Action(group.MapPost("/{id:guid}/reject", Reject))
            .WithName("RejectFix").WithSummary("A supervisor rejects the fix; the finding goes back to its owner.");
        Action(group.MapPost("/{id:guid}/five-fixes", FiveFixes))
            .WithName("RecordFiveFixes").WithSummary($"The owner records the five fixes ({Ui.Both("fiveFixes.name").Zh}) a major finding needs.");
        Action(group.MapPost("/{id:guid}/extension", Extension))
            .WithName("RequestExtension").WithSummary("The owner asks once for a later deadline, with a reason.");
        Action(group.MapPost("/{id:guid}/extension/approve", ApproveExtension))
            .WithName("ApproveExtension").WithSummary("A supervisor moves the deadline as requested; not the one who asked.");
        Action(group.MapPost("/{id:guid}/extension/decline", DeclineExtension))
            .WithName("DeclineExtension").WithSummary("A supervisor keeps the deadline; not the one who asked.");
        Action(group.MapPost("/{id:guid}/comments", Comment))
            .WithName("CommentOnFinding").WithSummary("Its owner, a supervisor over its zone or the safety office comments; the others are told.");
        Action(group.MapPost("/{id:guid}/owner", Reassign))
            .WithName("ReassignFinding").WithSummary("An admin or the safety office hands an open finding to another owner, who is told.");
        return app;
    }

    /// <summary>What a lifecycle action may answer besides the finding: 404 for a finding the caller may not see, whatever its state.</summary>
    private static RouteHandlerBuilder Action(RouteHandlerBuilder route) => route
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .Produces(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Ok<FindingView[]>, FailureHttpResult>> List(
        string? state, string? owner, string? zone, bool? overdue, string? severity, int? limit, int? offset,
        [AsParameters] FindingSearch search, HttpContext context, ViewerFactory viewers, ListFindings findings)
    {
        var viewer = await viewers.ForAsync(context.User, context.RequestAborted);
        var request = search.Onto(new ListFindingsRequest(state, owner, zone, overdue, severity, limit, offset, viewer, WorkflowViews.Language(context)));
        return (await findings.HandleAsync(request, context.RequestAborted)).ToHttp(views => TypedResults.Ok(views));
    }

    private static async Task<Results<Ok<FindingView>, FailureHttpResult>> Get(Guid id, HttpContext context, ViewerFactory viewers, GetFinding finding)
    {
        var viewer = await viewers.ForAsync(context.User, context.RequestAborted);
        return Answer(await finding.HandleAsync(new GetFindingRequest(id, viewer, WorkflowViews.Language(context)), context.RequestAborted));
    }

    private static async Task<Results<Ok<FindingView>, FailureHttpResult>> Fix(Guid id, FixRequest request, HttpContext context, ViewerFactory viewers, SubmitFix action)
    {
        var (viewer, language) = await CallerAsync(context, viewers);
        return Answer(await action.HandleAsync(new SubmitFixRequest(id, request.Note, viewer, language), context.RequestAborted));
    }

    private static async Task<Results<Ok<FindingView>, FailureHttpResult>> Approve(Guid id, [FromBody] DecisionRequest? request, HttpContext context, ViewerFactory viewers, ApproveFix action)
    {
        var (viewer, language) = await CallerAsync(context, viewers);
        return Answer(await action.HandleAsync(new ApproveFixRequest(id, request?.Note, viewer, language), context.RequestAborted));
    }

    private static async Task<Results<Ok<FindingView>, FailureHttpResult>> Reject(Guid id, RejectRequest request, HttpContext context, ViewerFactory viewers, RejectFix action)
    {
        var (viewer, language) = await CallerAsync(context, viewers);
        return Answer(await action.HandleAsync(new RejectFixRequest(id, request.Reason, viewer, language), context.RequestAborted));
    }

    private static async Task<Results<Ok<FindingView>, FailureHttpResult>> FiveFixes(Guid id, FiveFixesRequest request, HttpContext context, ViewerFactory viewers, RecordFiveFixes action)
    {
        var (viewer, language) = await CallerAsync(context, viewers);
        var plan = new RecordFiveFixesRequest(id, request.Measures, request.Funds, request.ResponsiblePerson, request.Deadline, request.ContingencyPlan, viewer, language);
        return Answer(await action.HandleAsync(plan, context.RequestAborted));
    }

    private static async Task<Results<Ok<FindingView>, FailureHttpResult>> Extension(Guid id, ExtensionRequest request, HttpContext context, ViewerFactory viewers, RequestExtension action)
    {
        var (viewer, language) = await CallerAsync(context, viewers);
        return Answer(await action.HandleAsync(new RequestExtensionRequest(id, request.DueAt, request.Reason, viewer, language), context.RequestAborted));
    }

    private static async Task<Results<Ok<FindingView>, FailureHttpResult>> ApproveExtension(Guid id, [FromBody] DecisionRequest? request, HttpContext context, ViewerFactory viewers, ApproveExtension action)
    {
        var (viewer, language) = await CallerAsync(context, viewers);
        return Answer(await action.HandleAsync(new ApproveExtensionRequest(id, request?.Note, viewer, language), context.RequestAborted));
    }

    private static async Task<Results<Ok<FindingView>, FailureHttpResult>> DeclineExtension(Guid id, [FromBody] DecisionRequest? request, HttpContext context, ViewerFactory viewers, DeclineExtension action)
    {
        var (viewer, language) = await CallerAsync(context, viewers);
        return Answer(await action.HandleAsync(new DeclineExtensionRequest(id, request?.Note, viewer, language), context.RequestAborted));
    }

    private static async Task<Results<Ok<FindingView>, FailureHttpResult>> Comment(Guid id, CommentRequest request, HttpContext context, ViewerFactory viewers, CommentOnFinding action)
    {
        var (viewer, language) = await CallerAsync(context, viewers);
        return Answer(await action.HandleAsync(new CommentOnFindingRequest(id, request.Text, viewer, language), context.RequestAborted));
    }

    private static async Task<Results<Ok<FindingView>, FailureHttpResult>> Reassign(Guid id, ReassignRequest request, HttpContext context, ViewerFactory viewers, ReassignFinding action)
    {
        var (viewer, language) = await CallerAsync(context, viewers);
        return Answer(await action.HandleAsync(new ReassignFindingRequest(id, request.Owner, request.Note, viewer, language), context.RequestAborted));
    }

    private static async Task<(Viewer Viewer, string Language)> CallerAsync(HttpContext context, ViewerFactory viewers) =>
        (await viewers.ForAsync(context.User, context.RequestAborted), WorkflowViews.Language(context));

    private static Results<Ok<FindingView>, FailureHttpResult> Answer(Result<FindingView> result) => result.ToHttp(view => TypedResults.Ok(view));
}
