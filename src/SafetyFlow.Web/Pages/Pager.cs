using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace SafetyFlow.Web.Pages;

/// <summary>
/// A list's place among its pages, for the <c>_Pager</c> partial: the page shown, whether one follows, and the address
/// of another page.
/// </summary>
public sealed record Pager(int Current, bool HasNext, Func<int, string> Link)
{
    /// <summary>Far enough for any list a person pages through, and small enough that an offset cannot overflow.</summary>
    public const int MaxPage = 1_000_000;

    /// <summary>
    /// The page number from <c>page</c> in the address, read by hand: Razor Pages keeps the route value <c>page</c> for
    /// the page's own name, so model binding would never see it. Anything but 1 to <see cref="MaxPage"/> is page 1.
    /// </summary>
    public static int PageOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return int.TryParse(request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page is >= 1 and <= MaxPage ? page : 1;
    }

    /// <summary>A page number as the address carries it.</summary>
    public static string Text(int page) => page.ToString(CultureInfo.InvariantCulture);
}
