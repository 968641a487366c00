using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Workflows;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows;

namespace SafetyFlow.Web.Features.Findings;

public sealed record FixRequest(string? Note);

public sealed record DecisionRequest(string? Note);

public sealed record RejectRequest(string? Reason);

public sealed record ExtensionRequest(DateTimeOffset? DueAt, string? Reason);

public sealed record FiveFixesRequest(string? Measures, string? Funds, string? ResponsiblePerson, DateTimeOffset? Deadline, string? ContingencyPlan);

internal sealed class FixRequestValidator : AbstractValidator<FixRequest>
{
    public FixRequestValidator() => RuleFor(r => r.Note).NotEmpty().MaximumLength(2000);
}

internal sealed class DecisionRequestValidator : AbstractValidator<DecisionRequest>
{
    public DecisionRequestValidator() => RuleFor(r => r.Note).MaximumLength(2000);
}

internal sealed class RejectRequestValidator : AbstractValidator<RejectRequest>
{
    public RejectRequestValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
}

internal sealed class ExtensionRequestValidator : AbstractValidator<ExtensionRequest>
{
    internal const string InstantHint = "Use a date and time with offset, such as 2026-12-01T18:00:00+08:00, in the years 2000 to 2100.";

    public ExtensionRequestValidator()
    {
        RuleFor(r => r.DueAt).NotNull();
        RuleFor(r => r.DueAt!.Value).Must(WorkCalendar.IsSupported).When(r => r.DueAt is not null).WithMessage(InstantHint).OverridePropertyName("dueAt");
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
    }
}

internal sealed class FiveFixesRequestValidator : AbstractValidator<FiveFixesRequest>
{
    public FiveFixesRequestValidator()
    {
        RuleFor(r => r.Measures).NotEmpty().MaximumLength(2000);
        RuleFor(r => r.Funds).NotEmpty().MaximumLength(200);
        RuleFor(r => r.ResponsiblePerson).NotEmpty().MaximumLength(100);
        RuleFor(r => r.Deadline).NotNull();
        RuleFor(r => r.Deadline!.Value).Must(WorkCalendar.IsSupported).When(r => r.Deadline is not null).WithMessage(ExtensionRequestValidator.InstantHint).OverridePropertyName("deadline");
        RuleFor(r => r.ContingencyPlan).NotEmpty().MaximumLength(2000);
    }
}

/// <summary>
/// Runs one lifecycle action on a finding: loads it, asks the entity to change state (which asks the lifecycle) and saves
/// it; the notifications its definition lists follow from the change as it is saved, in the same transaction. A concurrent
/// change makes the save fail with 409.
/// </summary>
public sealed class FindingCommands(
    SafetyFlowDbContext db,
    ViewerFactory viewers,
    WorkflowRegistry workflows,
    FindingReader reader,
    TimeProvider clock)
{
    public async Task<Results<Ok<FindingView>, NotFound>> RunAsync(
        Guid id,
        HttpContext context,
        FindingAct act)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(act);
        var cancellationToken = context.RequestAborted;
        var finding = await db.Findings.Include(f => f.Zone).SingleOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (finding is null)
        {
            return TypedResults.NotFound();
        }

        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var lifecycle = workflows.LifecycleFor(finding.LifecycleHash);
        act(finding, lifecycle, viewer.ActorOn(finding, finding.Zone!.UnitId), clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);

        var view = await reader.ShapeAsync(db.Findings.Where(f => f.Id == id), viewer, WorkflowViews.Language(context), cancellationToken);
        return TypedResults.Ok(view[0]);
    }
}

/// <summary>One lifecycle action applied to a loaded finding by the person acting, at the given instant.</summary>
public delegate void FindingAct(Finding finding, FindingLifecycle lifecycle, FindingActor actor, DateTimeOffset now);

/// <summary>
/// The lifecycle actions, shared by the API routes and the pages so both do the same. Who is told of each is read from
/// the transition's <c>notify</c> list in the definition when the change is saved (<see cref="Runtime.FindingEventDispatcher"/>).
/// </summary>
public static class FindingActs
{
    public static FindingAct Fix(string note) =>
        (finding, lifecycle, actor, now) =>
            finding.SubmitFix(lifecycle, actor, note, now);

    public static FindingAct Approve(string? note) =>
        (finding, lifecycle, actor, now) =>
            finding.Approve(lifecycle, actor, note, now);

    public static FindingAct Reject(string reason) =>
        (finding, lifecycle, actor, now) =>
            finding.Reject(lifecycle, actor, reason, now);

    public static FindingAct RecordFiveFixes(FiveFixesRequest request) =>
        (finding, lifecycle, actor, now) =>
        {
            ArgumentNullException.ThrowIfNull(finding);
            var plan = new FiveFixes(request.Measures!, request.Funds!, request.ResponsiblePerson!, request.Deadline!.Value, request.ContingencyPlan!, now);
            finding.RecordFiveFixes(lifecycle, actor, plan, now);
        };

    public static FindingAct RequestExtension(DateTimeOffset dueAt, string reason) =>
        (finding, lifecycle, actor, now) =>
            finding.RequestExtension(lifecycle, actor, dueAt, reason, now);

    public static FindingAct ApproveExtension(string? note) =>
        (finding, lifecycle, actor, now) =>
            finding.ApproveExtension(lifecycle, actor, note, now);

    public static FindingAct DeclineExtension(string? note) =>
        (finding, lifecycle, actor, now) =>
            finding.DeclineExtension(lifecycle, actor, note, now);
}

public static class FindingEndpoints
{
    public static IEndpointRouteBuilder MapFindingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/findings").WithTags("Findings").RequireAuthorization();
        group.MapGet("/", ReadFindings.List).WithName("ListFindings").WithSummary("Findings the caller may see, soonest deadline first.");
        group.MapGet("/{id:guid}", ReadFindings.Get).WithName("GetFinding").WithSummary("One finding with its history.");

        group.MapPost("/{id:guid}/fix", (Guid id, FixRequest request, HttpContext context, FindingCommands commands) =>
                commands.RunAsync(id, context, FindingActs.Fix(request.Note!)))
            .Validate<FixRequest>().WithName("SubmitFix").WithSummary("The owner reports the fix; the finding waits for acceptance.");

        group.MapPost("/{id:guid}/approve", (Guid id, [FromBody] DecisionRequest? request, HttpContext context, FindingCommands commands) =>
                commands.RunAsync(id, context, FindingActs.Approve(request?.Note)))
            .Validate<DecisionRequest>(optional: true).WithName("ApproveFix").WithSummary("A supervisor over the zone accepts the fix and closes the finding.");

        group.MapPost("/{id:guid}/reject", (Guid id, RejectRequest request, HttpContext context, FindingCommands commands) =>
                commands.RunAsync(id, context, FindingActs.Reject(request.Reason!)))
            .Validate<RejectRequest>().WithName("RejectFix").WithSummary("A supervisor rejects the fix; the finding goes back to its owner.");

        group.MapPost("/{id:guid}/five-fixes", (Guid id, FiveFixesRequest request, HttpContext context, FindingCommands commands) =>
                commands.RunAsync(id, context, FindingActs.RecordFiveFixes(request)))
            .Validate<FiveFixesRequest>().WithName("RecordFiveFixes").WithSummary("The owner records the five fixes (五定) a major finding needs.");

        group.MapPost("/{id:guid}/extension", (Guid id, ExtensionRequest request, HttpContext context, FindingCommands commands) =>
                commands.RunAsync(id, context, FindingActs.RequestExtension(request.DueAt!.Value, request.Reason!)))
            .Validate<ExtensionRequest>().WithName("RequestExtension").WithSummary("The owner asks once for a later deadline, with a reason.");

        group.MapPost("/{id:guid}/extension/approve", (Guid id, [FromBody] DecisionRequest? request, HttpContext context, FindingCommands commands) =>
                commands.RunAsync(id, context, FindingActs.ApproveExtension(request?.Note)))
            .Validate<DecisionRequest>(optional: true).WithName("ApproveExtension").WithSummary("A supervisor moves the deadline as requested.");

        group.MapPost("/{id:guid}/extension/decline", (Guid id, [FromBody] DecisionRequest? request, HttpContext context, FindingCommands commands) =>
                commands.RunAsync(id, context, FindingActs.DeclineExtension(request?.Note)))
            .Validate<DecisionRequest>(optional: true).WithName("DeclineExtension").WithSummary("A supervisor keeps the deadline.");

        return app;
    }
}
