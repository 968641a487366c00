using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Features.Zones;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.Web.Pages.Reports;

/// <summary>The stars of the zones the viewer answers for, for a month, and its stored months, as <c>GET /api/zones/ratings</c> and <c>/{key}/ratings</c> answer.</summary>
public sealed class RatingsModel(ViewerFactory viewers, ZoneRater rater, WorkCalendar calendar, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Month { get; set; }

    public IReadOnlyList<ZoneRatingView> Ratings { get; private set; } = [];

    /// <summary>Each zone's stored months, oldest first, by zone key.</summary>
    public IReadOnlyDictionary<string, ZoneRatingView[]> History { get; private set; } = new Dictionary<string, ZoneRatingView[]>();

    public bool BadMonth { get; private set; }

    public static string Stars(int stars) => new string('★', Math.Clamp(stars, 0, 5)) + new string('☆', 5 - Math.Clamp(stars, 0, 5));

    public async Task OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var result = await ZoneRatings.List(Month, HttpContext, viewers, rater, calendar, clock, cancellationToken);
        if (result.Result is not Ok<ZoneRatingView[]> ok)
        {
            BadMonth = true;
            Month = null;
            result = await ZoneRatings.List(null, HttpContext, viewers, rater, calendar, clock, cancellationToken);
            ok = (Ok<ZoneRatingView[]>)result.Result;
        }

        Ratings = ok.Value ?? [];
        Month = Ratings.Count > 0 ? Ratings[0].Month : Month;
        var viewer = await viewers.ForAsync(User, cancellationToken);
        History = (await rater.HistoriesAsync(viewer, cancellationToken)).ToDictionary(h => h.Key, h => h.Value.Select(ZoneRatings.View).ToArray(), StringComparer.Ordinal);
    }
}
