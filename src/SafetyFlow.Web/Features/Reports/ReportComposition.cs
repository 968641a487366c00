using SafetyFlow.Web.Features.Zones;

namespace SafetyFlow.Web.Features.Reports;

public static class ReportComposition
{
    /// <summary>The report and zone rating use cases; their validators come with the others from the assembly.</summary>
    public static WebApplicationBuilder AddReports(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<ClosureReport>();
        builder.Services.AddScoped<InspectionPresence>();
        builder.Services.AddScoped<HazardRegister>();
        builder.Services.AddScoped<MonthlyReport>();
        builder.Services.AddScoped<ReportLanguage>();
        builder.Services.AddScoped<StatutoryReport>();
        builder.Services.AddScoped<OfficeOverview>();
        builder.Services.AddScoped<ZoneRatings>();
        builder.Services.AddScoped<ZoneRatingHistory>();
        return builder;
    }
}
