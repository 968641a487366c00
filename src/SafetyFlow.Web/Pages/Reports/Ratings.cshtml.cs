using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Features.Zones;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages.Reports;

/// <summary>The stars of the zones the viewer answers for, for a month, and its stored months, as <c>GET /api/zones/ratings</c> and <c>/{key}/ratings</c> answer.</summary>
public sealed class RatingsModel(ViewerFactory viewers, ZoneRatings ratings, ZoneRatingHistory history) : PageModel
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
        var viewer = await viewers.ForAsync(User, cancellationToken);
        var result = await ratings.HandleAsync(new ZoneRatingsRequest(Month, viewer), cancellationToken);
        if (result.Failure is Failure.Invalid invalid)
        {
            // A month the page cannot read shows the current one, with the error above it.
            invalid.AddTo(ModelState);
            BadMonth = true;
            Month = null;
            result = await ratings.HandleAsync(new ZoneRatingsRequest(null, viewer), cancellationToken);
        }

        Ratings = result.Value;
        Month = Ratings.Count > 0 ? Ratings[0].Month : Month;
        History = await history.AllAsync(viewer, cancellationToken);
    }
}
