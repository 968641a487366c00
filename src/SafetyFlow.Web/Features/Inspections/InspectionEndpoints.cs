using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Features.Rounds;

namespace SafetyFlow.Web.Features.Inspections;

public static class InspectionEndpoints
{
    public static IEndpointRouteBuilder MapInspectionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapServerTime();
        var group = app.MapGroup("/api/inspections").WithTags("Inspections").RequireAuthorization();
        group.MapGet("/", ReadInspectionsEndpoint.List)
            .ProducesValidationProblem()
            .WithName("ListInspections")
            .WithSummary("Inspections the caller may see; mine=true for the caller's own zones.");
        group.MapGet("/{id:guid}", ReadInspectionsEndpoint.Get)
            .Produces(StatusCodes.Status404NotFound)
            .WithName("GetInspection")
            .WithSummary("One inspection with its checklist per asset; 404 for one the caller may not see.");
        group.MapGet("/history", InspectionHistoryEndpoint.Handle)
            .ProducesValidationProblem()
            .WithName("InspectionHistory")
            .WithSummary("The caller's own past inspections, newest first, a page at a time, each with the findings they raised in it.");
        group.MapGet("/{id:guid}/record", InspectionRecordEndpoint.Get)
            .Produces(StatusCodes.Status404NotFound)
            .WithName("GetInspectionRecord")
            .WithSummary("The record of a submitted inspection: who, when, on site or not, every answer with its photos, the findings raised; 404 for one the caller may not see.");
        group.MapGet("/{id:guid}/record.pdf", InspectionRecordEndpoint.Pdf)
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .Produces(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("PrintInspectionRecord")
            .WithSummary("The record of a submitted inspection as PDF, in the language of Accept-Language, else the caller's saved language.");
        group.MapPost("/{id:guid}/submit", SubmitInspectionEndpoint.Handle)
            .Validate<SubmitInspectionRequest>()
            .Produces(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("SubmitInspection")
            .WithSummary("The zone's member submits the checklist; each failure becomes a finding for the asset's owner. A repeat with the same Idempotency-Key gets the first answer.");
        app.MapPost("/api/arrivals", RecordArrivalEndpoint.Handle)
            .WithTags("Inspections")
            .RequireAuthorization()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("RecordArrival")
            .WithSummary("The zone's member arrived at the zone: a scan of its sign, with the phone's time when sent later.");
        return app;
    }
}

public static class InspectionComposition
{
    /// <summary>The inspection and round use cases; their validators come with the others from the assembly.</summary>
    public static WebApplicationBuilder AddInspections(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<ListInspections>();
        builder.Services.AddScoped<GetInspection>();
        builder.Services.AddScoped<ReadInspectionRecord>();
        builder.Services.AddScoped<PrintInspectionRecord>();
        builder.Services.AddScoped<InspectionHistory>();
        builder.Services.AddScoped<SubmitInspection>();
        builder.Services.AddScoped<AddDefectPhoto>();
        builder.Services.AddSingleton<SubmissionWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SubmissionWriter>());
        builder.Services.AddScoped<StartRound>();
        builder.Services.AddScoped<VisitMarks>();
        builder.Services.AddScoped<RecordArrival>();
        builder.Services.AddSingleton<ZoneSigns>();
        return builder;
    }
}
