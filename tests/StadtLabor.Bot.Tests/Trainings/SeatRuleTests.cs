using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Tests.Trainings;

/// <summary>The seat rule's one owner: what holds a seat, and the query form agreeing with the C# form for every status.</summary>
public sealed class SeatRuleTests
{
    public static TheoryData<RegistrationStatus> AllStatuses => [.. Enum.GetValues<RegistrationStatus>()];

    [Fact]
    public void HoldsSeat_BookedAndOffered_OnlyThose()
    {
        Assert.Equal([RegistrationStatus.Booked, RegistrationStatus.Offered],
            Enum.GetValues<RegistrationStatus>().Where(SeatRule.HoldsSeat));
    }

    [Fact]
    public void IsActive_SeatHoldersAndWaitlisted_OnlyThose()
    {
        Assert.Equal([RegistrationStatus.Booked, RegistrationStatus.Waitlisted, RegistrationStatus.Offered],
            Enum.GetValues<RegistrationStatus>().Where(SeatRule.IsActive));
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void QueryExpressions_EveryStatus_AgreeWithTheFunctionsAndTheEntity(RegistrationStatus status)
    {
        var registration = new Registration { UserAadObjectId = "erika", Status = status };

        Assert.Equal(SeatRule.HoldsSeat(status), SeatRule.HoldingSeat.Compile()(registration));
        Assert.Equal(SeatRule.IsActive(status), SeatRule.Active.Compile()(registration));
        Assert.Equal(SeatRule.HoldsSeat(status), registration.HoldsSeat);
        Assert.Equal(SeatRule.IsActive(status), registration.IsActive);
    }
}
