using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Features.Delivery;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages.Admin;

/// <summary>Email and webhook deliveries, failed ones first, through the same use cases as <c>/api/admin/deliveries</c>.</summary>
public sealed class DeliveriesModel(ListDeliveries deliveries, ResendDelivery resend, Data.SafetyFlowDbContext db) : PageModel
{
    public static readonly string[] Statuses = ["failed", "pending", "sent"];

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public IReadOnlyList<DeliveryView> Deliveries { get; private set; } = [];

    /// <summary>Recipients by name (the list has their user names), read in one query.</summary>
    public PeopleNames People { get; private set; } = PeopleNames.None;

    /// <summary>The delivery just sent again, as it stands after its first new attempt.</summary>
    public DeliveryView? Resent { get; private set; }

    public string? Message { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostResendAsync(Guid id)
    {
        var result = await resend.HandleAsync(new ResendDeliveryRequest(id), HttpContext.RequestAborted);
        switch (result.Failure)
        {
            case null:
                Resent = result.Value;
                break;
            case Failure.Conflict:
                Message = "deliveries.notFailed";
                break;
            default:
                Message = "deliveries.notFound";
                break;
        }

        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Status = Statuses.Contains(Status) ? Status : "failed";
        var result = await deliveries.HandleAsync(new ListDeliveriesRequest(Status, 200), HttpContext.RequestAborted);
        Deliveries = result.Succeeded ? result.Value : [];
        People = await PeopleNames.AllAsync(db, HttpContext.RequestAborted);
    }
}
