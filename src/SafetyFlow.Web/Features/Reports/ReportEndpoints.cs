using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Reports;

public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(Policies.Auditors);
        group.MapGet("/closure", ClosureReportEndpoint.Handle)
            .ProducesValidationProblem()
            .WithName("ClosureReport")
            .WithSummary("Raised, closed, on time and overdue findings per group, with aging and time to close; a finding counts in the period it was raised.");
        group.MapGet("/register", HazardRegisterEndpoint.Handle)
            .Produces(StatusCodes.Status200OK, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", additionalContentTypes: "text/csv")
            .ProducesValidationProblem()
            .WithName("HazardRegister")
            .WithSummary($"The hazard register ({Ui.Both("register.sheet").Zh}): every finding raised in the period, as XLSX or CSV.");
        group.MapGet("/monthly", MonthlyReportEndpoint.Handle)
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesValidationProblem()
            .WithName("MonthlyReport")
            .WithSummary("The month's report as PDF, in the caller's language.");
        group.MapGet("/statutory", StatutoryReportEndpoint.Handle)
            .ProducesValidationProblem()
            .WithName("StatutoryReport")
            .WithSummary("Quarterly or yearly figures for disclosure: found, fixed, fixed on time, major hazards and their state.");
        return app;
    }
}
