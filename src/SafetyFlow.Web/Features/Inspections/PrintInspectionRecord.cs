using FluentValidation;
using Microsoft.Extensions.Options;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Photos;
using SafetyFlow.Web.Features.Reports;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Inspections;

/// <summary>
/// The record of inspection <paramref name="Id"/> as PDF. <paramref name="Language"/> is the one the reader chose for this
/// request; without it, their saved language, then <paramref name="Browser"/>'s (<see cref="ReportLanguage"/>).
/// </summary>
public sealed record PrintInspectionRecordRequest(Guid Id, string? Language, Viewer Viewer, string? Browser = null);

internal sealed class PrintInspectionRecordRequestValidator : AbstractValidator<PrintInspectionRecordRequest>
{
    public PrintInspectionRecordRequestValidator()
    {
        RuleFor(r => r.Id).NotEmpty().OverridePropertyName("id");
    }
}

/// <summary>
/// The record of a submitted inspection as an A4 PDF (decision 007): the same record as the page, with the thumbnails of
/// its photos (read together, in one query on the database store) and a link to each finding it raised.
/// </summary>
public sealed class PrintInspectionRecord(
    IValidator<PrintInspectionRecordRequest> validator,
    ReadInspectionRecord records,
    ReportLanguage languages,
    ReportFonts fonts,
    PhotoStore photos,
    SafetyFlowDbContext db,
    WorkCalendar calendar,
    TimeProvider clock,
    IOptions<Delivery.LinkOptions> links)
{
    public async Task<Result<ReportFile>> HandleAsync(PrintInspectionRecordRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var language = await languages.ForAsync(request.Language, request.Viewer, request.Browser, cancellationToken);
        var read = await records.HandleAsync(new InspectionRecordRequest(request.Id, language, request.Viewer), cancellationToken);
        if (!read.Succeeded)
        {
            return read.Failure;
        }

        // Only someone who may see the record learns that the font is missing.
        if (fonts.Typeface is null)
        {
            return new Failure.Unavailable("Report font missing", fonts.MissingMessage);
        }

        var record = read.Value;
        var photoIds = record.Assets.SelectMany(a => a.Answers).SelectMany(r => r.Photos).ToList();
        var thumbnails = await photos.ThumbnailsAsync(db, photoIds, cancellationToken);
        var document = new InspectionRecordDocument(record, language, clock.GetUtcNow(), thumbnails, links.Value.Finding);
        var pdf = InspectionRecordPdf.Render(document, fonts.Typeface, calendar);
        return new ReportFile(pdf, "application/pdf", $"inspection-record-{record.Zone}-{record.Week}-{record.WorkflowId}.pdf");
    }
}
