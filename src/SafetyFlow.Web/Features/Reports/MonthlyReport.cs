using Microsoft.AspNetCore.Http.HttpResults;

namespace SafetyFlow.Web.Features.Reports;

internal static class MonthlyReport
{
    public static Task<Results<FileContentHttpResult, ValidationProblem>> Handle(string? month, string? format) =>
        throw new NotImplementedException();
}
