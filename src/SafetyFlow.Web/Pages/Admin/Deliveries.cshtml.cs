using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Delivery;

namespace SafetyFlow.Web.Pages.Admin;

/// <summary>Email and webhook deliveries, failed ones first, through the same list and resend as <c>/api/admin/deliveries</c>.</summary>
public sealed class DeliveriesModel(SafetyFlowDbContext db, TimeProvider clock, OutboxDrain drain) : PageModel
{
    public static readonly string[] Statuses = ["failed", "pending", "sent"];

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public IReadOnlyList<DeliveryView> Deliveries { get; private set; } = [];

    /// <summary>The delivery just sent again, as it stands after its first new attempt.</summary>
    public DeliveryView? Resent { get; private set; }

    public string? Message { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostResendAsync(Guid id)
    {
        var cancellationToken = HttpContext.RequestAborted;
        try
        {
            switch ((await FailedDeliveries.Resend(id, db, clock, drain, cancellationToken)).Result)
            {
                case Ok<DeliveryView> ok:
                    Resent = ok.Value;
                    break;
                default:
                    Message = "deliveries.notFound";
                    break;
            }
        }
        catch (DomainException)
        {
            db.ChangeTracker.Clear();
            Message = "deliveries.notFailed";
        }

        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Status = Statuses.Contains(Status) ? Status : "failed";
        if ((await FailedDeliveries.List(Status, 200, db, HttpContext.RequestAborted)).Result is Ok<DeliveryView[]> ok)
        {
            Deliveries = ok.Value ?? [];
        }
    }
}
