using Microsoft.Extensions.Options;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Features.Surveys.Answering;
using StadtLabor.Bot.Features.Surveys.Lifecycle;
using StadtLabor.Bot.Graph;
using StadtLabor.Bot.Graph.Installations;

namespace StadtLabor.Bot.Tests.Graph;

/// <summary>The rules of reaching everyone that need no database: 30 installations a second, the department match, groups on the plan.</summary>
public sealed class ReachRulesTests
{
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void InstallPace_ThirtyInASecondPerTenant_TheThirtyFirstWaitsForTheFirstToLeaveTheWindow()
    {
        var clock = new Clock(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        var pace = new InstallPace(Options.Create(new GraphOptions()), clock);
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(TimeSpan.Zero, pace.Reserve("tenant-a"));
            clock.Now += TimeSpan.FromMilliseconds(10);
        }
        Assert.Equal(TimeSpan.FromMilliseconds(700), pace.Reserve("tenant-a"));
        Assert.Equal(TimeSpan.Zero, pace.Reserve("tenant-b"));
        clock.Now += TimeSpan.FromMilliseconds(700);
        Assert.Equal(TimeSpan.Zero, pace.Reserve("tenant-a"));
        Assert.NotEqual(TimeSpan.Zero, pace.Reserve("tenant-a"));
    }

    [Theory]
    [InlineData("Bauen und Stadtentwicklung", 1)]
    [InlineData("bauen und stadtentwicklung ", 1)]
    [InlineData("Bauen", null)]
    [InlineData("Bauen und Stadtentwicklung und mehr", null)]
    [InlineData("", null)]
    public void DepartmentDefault_ExactOrIgnoringCase_NothingElse(string department, int? expected)
    {
        string[] options = ["Bürgerdienste und Ordnung", "Bauen und Stadtentwicklung", "Finanzen und Zentrale Dienste", "keine Angabe"];
        Assert.Equal(expected, DepartmentDefault.Match(options, department));
    }

    [Fact]
    public void DepartmentDefault_ExactSpellingWinsOverAnotherOptionThatDiffersOnlyInCase() =>
        Assert.Equal(1, DepartmentDefault.Match(["IT", "It"], "It"));

    [Fact]
    public void Plan_Groups_OnlyWhenOffered_ObjectIdsOnly()
    {
        var today = new DateOnly(2026, 12, 7);
        var group = "0A1B2C3D-0000-4000-8000-00000000B001";
        PlanForm Form(string groups) => new(PlanForm.GroupsKind, "", "", "2026-12-07", "2026-12-14", "3") { Groups = groups };

        var (off, offErrors) = WavePlanRules.Check(Form(group), today, new HashSet<string>());
        var (bad, badErrors) = WavePlanRules.Check(Form(group + ",Bauamt"), today, new HashSet<string>(), groupsOffered: true);
        var (ok, _) = WavePlanRules.Check(Form(group + ", " + group.ToLowerInvariant()), today, new HashSet<string>(), groupsOffered: true);

        Assert.Null(off);
        Assert.Equal("graphReach.groupsOff", offErrors["audience"]);
        Assert.Null(bad);
        Assert.Equal("graphReach.groupsInvalid", badErrors["groups"]);
        Assert.Equal(AudienceKind.Groups, ok!.Kind);
        Assert.Equal([group.ToLowerInvariant()], ok.Audience);
    }
}
