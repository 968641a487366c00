using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Reports;

/// <summary>
/// The language a report is written in: the one the reader chose for this request (the page's language switch, or the
/// API's <c>Accept-Language</c>), else the language saved with the reader, else the browser's; Chinese when none says.
/// </summary>
public sealed class ReportLanguage(SafetyFlowDbContext db)
{
    public async Task<string> ForAsync(string? chosen, Viewer viewer, string? browser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (Known(chosen) is { } language)
        {
            return language;
        }

        var saved = await db.Users.AsNoTracking().Where(u => u.Id == viewer.UserId).Select(u => u.Language).SingleOrDefaultAsync(cancellationToken);
        return Known(saved) ?? Known(browser) ?? "zh-CN";
    }

    /// <summary><c>zh-CN</c> or <c>en</c> for a tag naming Chinese or English (<c>zh</c>, <c>en-GB</c>); otherwise none.</summary>
    public static string? Known(string? tag) =>
        tag is null ? null
        : tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh-CN"
        : tag.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en"
        : null;

    /// <summary>The language a page's switch chose, kept in its cookie; none when the page's language came from the browser.</summary>
    public static string? ChosenOnPage(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<IRequestCultureFeature>() is { Provider: CookieRequestCultureProvider } feature
            ? Known(feature.RequestCulture.UICulture.Name)
            : null;
    }

    /// <summary>The first language of the request's <c>Accept-Language</c> header, when it is Chinese or English.</summary>
    public static string? OfBrowser(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Known(context.Request.Headers.AcceptLanguage.ToString());
    }
}
