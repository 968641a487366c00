using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Features.Photos;

namespace SafetyFlow.Web.Pages;

/// <summary>A finding as a card in a list, with its photos where the list shows them.</summary>
public sealed record FindingCard(FindingView Finding, DateTimeOffset Now, FindingPhotoSet? Photos = null);
