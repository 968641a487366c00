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
            case Triggers.Fix:
                finding.SubmitFix(lifecycle, actor, note, now);
                break;
            case Triggers.Approve:
                finding.Approve(lifecycle, actor, note, now);
                break;
            case Triggers.Reject:
                finding.Reject(lifecycle, actor, note, now);
                break;
            case Triggers.RecordFiveFixes:
                finding.RecordFiveFixes(lifecycle, actor, FindingBuilder.FiveFixesPlan(now) with { Measures = note }, now);
                break;
            case Triggers.RequestExtension:
                finding.RequestExtension(lifecycle, actor, finding.DueAt + ExtensionAsked, note, now);
                break;
            case Triggers.ApproveExtension:
                finding.ApproveExtension(lifecycle, actor, note, now);
                break;
            case Triggers.DeclineExtension:
                finding.DeclineExtension(lifecycle, actor, note, now);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "not a rectification trigger");
        }
    }

    public static string NoteFor(string trigger) => trigger switch
    {
        Triggers.Fix => "Thermostat replaced, fridge at 4 °C",
        Triggers.Approve => "Checked: fridge at 4 °C",
        Triggers.Reject => "Still at 9 °C",
        Triggers.RecordFiveFixes => "Replace the fridge compressor",
        Triggers.RequestExtension => "Compressor on order",
        Triggers.ApproveExtension => "Agreed",
        Triggers.DeclineExtension => "Use the cold room meanwhile and fix it now",
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "not a rectification trigger"),
    };
}
