using SafetyFlow.Web.Domain;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.UnitTests.Web.Builders;

/// <summary>The people who act on a finding in the canteen kitchen, as the lifecycle's guards see them.</summary>
internal static class People
{
    /// <summary>Owns the kitchen asset the finding is about.</summary>
    public static FindingActor Owner { get; } = Person("owner-kitchen", supervisesZone: false, Role.Owner);

    /// <summary>Owns other assets, not this finding.</summary>
    public static FindingActor OtherOwner { get; } = Person("owner-electric", supervisesZone: false, Role.Owner);

    /// <summary>Inspects the kitchen weekly and raises its findings.</summary>
    public static FindingActor Member { get; } = Person("member-canteen", supervisesZone: false, Role.Member);

    /// <summary>Supervises the canteen unit that holds the kitchen.</summary>
    public static FindingActor Supervisor { get; } = Person("sup-canteen", supervisesZone: true, Role.Supervisor);

    /// <summary>Supervises the root unit, so the kitchen too: the second pair of eyes when the canteen supervisor may not decide.</summary>
    public static FindingActor Leader { get; } = Person("leader1", supervisesZone: true, Role.Supervisor);

    /// <summary>A supervisor of the dormitories, not over the kitchen.</summary>
    public static FindingActor SupervisorElsewhere { get; } = Person("sup-dorm", supervisesZone: false, Role.Supervisor);

    /// <summary>A supervisor over the kitchen who also owns the finding's asset.</summary>
    public static FindingActor OwningSupervisor { get; } = Person("sup-canteen-owner", supervisesZone: true, Role.Owner, Role.Supervisor);

    public static FindingActor SafetyOffice { get; } = Person("safety1", supervisesZone: false, Role.SafetyOffice);

    private static readonly Dictionary<string, FindingActor> ByName = new[]
    {
        Owner, OtherOwner, Member, Supervisor, Leader, SupervisorElsewhere, OwningSupervisor, SafetyOffice,
    }.ToDictionary(p => p.UserName);

    /// <summary>One of the people above by user name, for theory tables.</summary>
    public static FindingActor Named(string userName) => ByName[userName];

    private static FindingActor Person(string userName, bool supervisesZone, params Role[] roles) =>
        new(Guid.NewGuid(), userName, roles.ToHashSet(), supervisesZone);
}
