using System.Collections.Immutable;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.UnitTests.Web.Runtime;

/// <summary>Notification and digest sentences as people read them, worded by Ui's tables in each language.</summary>
public sealed class NotificationTextsTests
{
    private static readonly DateTimeOffset Due = new(2026, 11, 25, 18, 0, 0, TimeSpan.FromHours(8));

    private static readonly FindingFacts OnTheCooker = new(
        Guid.NewGuid(), Severity.Major, new LocalizedText("灶台燃气阀关闭", "Gas valve at the cooker closed"), "Cooker 2", "Kitchen", Due, TimeSpan.Zero);

    private static readonly EscalationStep LevelTwo = new()
    {
        Level = 2,
        Offset = TimeSpan.FromDays(2),
        Notify = ImmutableArray<Audience>.Empty,
        Title = new LocalizedText("单位负责人", "Unit head"),
    };

    [Theory]
    [InlineData("zh-CN", "您有一条新的重大隐患待整改：Kitchen Cooker 2：灶台燃气阀关闭。整改期限 2026-11-25 18:00。")]
    [InlineData("en", "New major finding for you to fix: Gas valve at the cooker closed (Cooker 2, Kitchen). Deadline 2026-11-25 18:00.")]
    public void An_assigned_finding_is_told_with_its_grade_place_and_deadline(string language, string expected)
    {
        Assert.Equal(expected, NotificationTexts.Render(NotificationTexts.Assigned, language, OnTheCooker, detail: null, step: null));
    }

    [Theory]
    [InlineData("zh-CN", "隐患升级至第 2 级（单位负责人）：Kitchen：灶台燃气阀关闭，期限 2026-11-25 18:00，已超期 3 天。")]
    [InlineData("en", "Escalated to level 2 (Unit head): Gas valve at the cooker closed (Kitchen), deadline 2026-11-25 18:00, 3 days overdue.")]
    public void An_escalation_names_its_level_and_how_late_the_finding_is(string language, string expected)
    {
        var overdueInTheZone = OnTheCooker with { Asset = null, Overdue = TimeSpan.FromHours(80) };

        Assert.Equal(expected, NotificationTexts.Render(NotificationTexts.Escalated, language, overdueInTheZone, detail: null, LevelTwo));
    }

    [Theory]
    [InlineData("zh-CN", "延期未获批准：Kitchen Cooker 2：灶台燃气阀关闭（备件已到）。期限仍为 2026-11-25 18:00。")]
    [InlineData("en", "Extension declined: Gas valve at the cooker closed (Cooker 2, Kitchen) (备件已到). The deadline stays 2026-11-25 18:00.")]
    public void A_reason_follows_in_brackets_of_the_language(string language, string expected)
    {
        Assert.Equal(expected, NotificationTexts.Render(NotificationTexts.ExtensionDeclined, language, OnTheCooker, "备件已到", step: null));
    }

    [Theory]
    [InlineData(0, "zh-CN", "0 小时")]
    [InlineData(47.5, "zh-CN", "47 小时")]
    [InlineData(80, "zh-CN", "3 天")]
    [InlineData(5, "en", "5 hours")]
    [InlineData(49, "en", "2 days")]
    public void A_duration_is_in_hours_under_two_days_and_in_days_after(double hours, string language, string expected)
    {
        Assert.Equal(expected, NotificationTexts.Duration(TimeSpan.FromHours(hours), language));
    }

    [Theory]
    [InlineData("zh-CN", "2026-11-25 每日隐患汇总：已超期 1 条，即将到期 2 条，未销号共 4 条。", "- 灭火器压力（Kitchen / Cooker 2），责任人 孙丽，期限 2026-11-22 18:00，已超期 3 天，升级第 1 级：https://sf/f/1")]
    [InlineData("en", "Daily findings digest for 2026-11-25: 1 overdue, 2 due soon, 4 open in all.", "- Extinguisher pressure (Kitchen / Cooker 2), owner 孙丽, deadline 2026-11-22 18:00, 3 days overdue, escalation level 1: https://sf/f/1")]
    public void A_digest_heading_and_line_read_in_the_recipients_language(string language, string heading, string line)
    {
        var item = language == "en" ? "Extinguisher pressure" : "灭火器压力";
        var late = Ui.FormatIn("message.overdueBy", language, NotificationTexts.Duration(TimeSpan.FromDays(3), language));
        var level = Ui.FormatIn("digest.line.level", language, 1);

        Assert.Equal(heading, Ui.FormatIn("digest.daily.heading", language, "2026-11-25", 1, 2, 4));
        Assert.Equal(line, Ui.FormatIn("digest.line", language, item, "Kitchen / Cooker 2", "孙丽", "2026-11-22 18:00", late, level, "https://sf/f/1"));
    }
}
