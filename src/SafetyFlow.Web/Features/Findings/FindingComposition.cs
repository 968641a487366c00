using SafetyFlow.Web.Features.Photos;

namespace SafetyFlow.Web.Features.Findings;

public static class FindingComposition
{
    /// <summary>The finding and photo use cases; their validators come with the others from the assembly.</summary>
    public static WebApplicationBuilder AddFindings(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<FindingChanges>();
        builder.Services.AddScoped<SubmitFix>();
        builder.Services.AddScoped<ApproveFix>();
        builder.Services.AddScoped<RejectFix>();
        builder.Services.AddScoped<RecordFiveFixes>();
        builder.Services.AddScoped<RequestExtension>();
        builder.Services.AddScoped<ApproveExtension>();
        builder.Services.AddScoped<DeclineExtension>();
        builder.Services.AddScoped<GetFinding>();
        builder.Services.AddScoped<ListFindings>();
        builder.Services.AddScoped<ExportFindings>();
        builder.Services.AddScoped<CommentOnFinding>();
        builder.Services.AddScoped<ReassignFinding>();
        builder.Services.AddScoped<MyFindings>();
        builder.Services.AddScoped<PendingDecisions>();
        builder.Services.AddScoped<FindingPhotos>();
        builder.Services.AddScoped<GetPhoto>();
        return builder;
    }
}
