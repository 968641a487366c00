using SafetyFlow.Workflows;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.UnitTests.Web.Builders;

/// <summary>Fires a lifecycle trigger by name through the entity method a user's action calls, with the note that action records.</summary>
internal static class FindingActions
{
    public static readonly TimeSpan ExtensionAsked = TimeSpan.FromDays(5);

    public static void Fire(Finding finding, string trigger, FindingActor actor, DateTimeOffset now)
    {
        var lifecycle = Rectification.Lifecycle;
        var note = NoteFor(trigger);
        switch (trigger)
        {
            case RectificationTriggers.Fix:
                finding.SubmitFix(lifecycle, actor, note, now);
                break;
            case RectificationTriggers.Approve:
                finding.Approve(lifecycle, actor, note, now);
                break;
            case RectificationTriggers.Reject:
                finding.Reject(lifecycle, actor, note, now);
                break;
            case RectificationTriggers.RecordFiveFixes:
                finding.RecordFiveFixes(lifecycle, actor, FindingBuilder.FiveFixesPlan(now) with { Measures = note }, now);
                break;
            case RectificationTriggers.RequestExtension:
                finding.RequestExtension(lifecycle, actor, finding.DueAt + ExtensionAsked, note, now);
                break;
            case RectificationTriggers.ApproveExtension:
                finding.ApproveExtension(lifecycle, actor, note, now);
                break;
            case RectificationTriggers.DeclineExtension:
                finding.DeclineExtension(lifecycle, actor, note, now);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "not a rectification trigger");
        }
    }

    public static string NoteFor(string trigger) => trigger switch
    {
        RectificationTriggers.Fix => "Thermostat replaced, fridge at 4 °C",
        RectificationTriggers.Approve => "Checked: fridge at 4 °C",
        RectificationTriggers.Reject => "Still at 9 °C",
        RectificationTriggers.RecordFiveFixes => "Replace the fridge compressor",
        RectificationTriggers.RequestExtension => "Compressor on order",
        RectificationTriggers.ApproveExtension => "Agreed",
        RectificationTriggers.DeclineExtension => "Use the cold room meanwhile and fix it now",
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "not a rectification trigger"),
    };
}
