using Microsoft.Extensions.Options;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Ideas.Report;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Features.Privacy.SmallGroups;

namespace StadtLabor.Bot.Tests.Ideas;

/// <summary>
/// The innovation department's figures as numbers: departments only through the small-group rule (a small one
/// withheld, and a larger one with it where the difference would give the small one away), months in Berlin time,
/// the median time to the first answer in working days, and the share answered within the deadline.
/// </summary>
public sealed class IdeaFiguresTests
{
    private static readonly SmallGroups Groups = new(Options.Create(new PrivacyOptions()));
    private static readonly DateOnly Today = new(2026, 12, 4);

    private static DateTime Utc(int y, int m, int d, int h, int min = 0) => new(y, m, d, h, min, 0, DateTimeKind.Utc);

    private static IdeaFacts Fact(string department = "", IdeaStatus status = IdeaStatus.Submitted, DateTime? submitted = null,
        DateOnly? due = null, DateTime? answered = null) =>
        new(status, department, submitted ?? Utc(2026, 11, 2, 9), due ?? new DateOnly(2026, 11, 9), answered);

    private static List<IdeaFacts> Many(int count, string department) => [.. Enumerable.Range(0, count).Select(_ => Fact(department))];

    [Fact]
    public void Departments_FourIdeasInOne_WithheldAndTheSmallestShownOneToo()
    {
        var ideas = Many(4, "Bürgerbüro").Concat(Many(6, "Ordnungsamt")).Concat(Many(7, "")).Concat(Many(9, "Bauamt")).ToList();

        var f = IdeaFigures.Compute(ideas, Today, ["Bürgerbüro", "Ordnungsamt", "Bauamt", "Kultur"], Groups);

        Assert.Equal(Withheld.TooFew, f.DepartmentFigures[IdeaFigures.DepartmentKey("Bürgerbüro")].Why);
        // Total 26 minus the shown 6 + 7 + 9 would give the four away: the smallest shown one goes too.
        Assert.Equal(Withheld.Complementary, f.DepartmentFigures[IdeaFigures.DepartmentKey("Ordnungsamt")].Why);
        Assert.Equal(7, f.DepartmentFigures[IdeaFigures.EveryoneKey].People);
        Assert.Equal(9, f.DepartmentFigures[IdeaFigures.DepartmentKey("Bauamt")].People);
        Assert.Equal(Withheld.TooFew, f.DepartmentFigures[IdeaFigures.DepartmentKey("Kultur")].Why);
        Assert.Equal(26, f.Total);
        Assert.Equal(["", "Bürgerbüro", "Ordnungsamt", "Bauamt", "Kultur"], f.Departments);
    }

    [Fact]
    public void Departments_HiddenOnesTogetherFiveOrMore_NoMoreHidden()
    {
        var ideas = Many(3, "Bürgerbüro").Concat(Many(2, "Kultur")).Concat(Many(6, "Ordnungsamt")).Concat(Many(5, "")).ToList();

        var f = IdeaFigures.Compute(ideas, Today, ["Bürgerbüro", "Kultur", "Ordnungsamt"], Groups);

        Assert.Equal(6, f.DepartmentFigures[IdeaFigures.DepartmentKey("Ordnungsamt")].People);
        Assert.Equal(5, f.DepartmentFigures[IdeaFigures.EveryoneKey].People);
        Assert.False(f.DepartmentFigures[IdeaFigures.DepartmentKey("Bürgerbüro")].Shown);
        Assert.False(f.DepartmentFigures[IdeaFigures.DepartmentKey("Kultur")].Shown);
    }

    [Fact]
    public void Departments_OneNotConfiguredAnyMore_StillAPartOfItsOwn()
    {
        var ideas = Many(5, "Stadtkasse").Concat(Many(5, "")).ToList();

        var f = IdeaFigures.Compute(ideas, Today, ["Bürgerbüro"], Groups);

        Assert.Equal(["", "Bürgerbüro", "Stadtkasse"], f.Departments);
        Assert.Equal(5, f.DepartmentFigures[IdeaFigures.DepartmentKey("Stadtkasse")].People);
    }

    [Fact]
    public void ByMonth_TwelveBerlinMonths_IdeaJustAfterMidnightCountsInTheNewMonth()
    {
        var ideas = new List<IdeaFacts>
        {
            Fact(submitted: Utc(2026, 11, 30, 23, 30)), // Tue 1 Dec, 00:30 in Berlin
            Fact(submitted: Utc(2026, 11, 30, 22, 30)), // Mon 30 Nov, 23:30 in Berlin
            Fact(submitted: Utc(2026, 1, 1, 9)),        // January: 12th month back, counted
            Fact(submitted: Utc(2025, 12, 31, 9)),      // 13 months back: not listed
        };

        var f = IdeaFigures.Compute(ideas, Today, [], Groups);

        Assert.Equal(12, f.ByMonth.Count);
        Assert.Equal(new DateOnly(2026, 1, 1), f.ByMonth[0].Month);
        Assert.Equal((new DateOnly(2026, 12, 1), 1), f.ByMonth[^1]);
        Assert.Equal((new DateOnly(2026, 11, 1), 1), f.ByMonth[^2]);
        Assert.Equal(1, f.ByMonth[0].Count);
        Assert.Equal(3, f.ByMonth.Sum(m => m.Count));
    }

    [Fact]
    public void Median_FirstAnswers_InWorkingDaysAndElapsedTime()
    {
        // Submitted Friday 13 Nov, 10:00 Berlin; answered after 1, 3 and 6 working days (the weekend not counted).
        var submitted = Utc(2026, 11, 13, 9);
        var ideas = new List<IdeaFacts>
        {
            Fact(submitted: submitted, answered: Utc(2026, 11, 16, 9)),
            Fact(submitted: submitted, answered: Utc(2026, 11, 18, 15)),
            Fact(submitted: submitted, answered: Utc(2026, 11, 23, 9)),
            Fact(submitted: submitted),
        };

        var f = IdeaFigures.Compute(ideas, Today, [], Groups);

        Assert.Equal(3, f.MedianWorkingDays);
        Assert.Equal(TimeSpan.FromHours(5 * 24 + 6), f.MedianTime);
    }

    [Fact]
    public void Median_EvenCount_BetweenTheMiddleTwo()
    {
        Assert.Equal(2.5, IdeaFigures.Median([4, 1, 2, 3]));
        Assert.Null(IdeaFigures.Median([]));
    }

    [Fact]
    public void WithinDeadline_AnswerOnTheDueDayLateEvening_Within()
    {
        var due = new DateOnly(2026, 11, 20);

        Assert.True(IdeaFigures.WithinDeadline(Utc(2026, 11, 20, 22, 59), due, Today)); // 23:59 in Berlin
        Assert.False(IdeaFigures.WithinDeadline(Utc(2026, 11, 20, 23, 1), due, Today)); // 00:01 the next day
        Assert.False(IdeaFigures.WithinDeadline(null, due, new DateOnly(2026, 11, 21)));
        Assert.Null(IdeaFigures.WithinDeadline(null, due, due));
    }

    [Fact]
    public void Share_UndecidedIdeasLeftOut_OverdueOnlyOpenOnes()
    {
        var ideas = new List<IdeaFacts>
        {
            Fact(due: new DateOnly(2026, 11, 20), answered: Utc(2026, 11, 18, 9)),        // within
            Fact(due: new DateOnly(2026, 11, 20), answered: Utc(2026, 11, 24, 9)),        // late
            Fact(due: new DateOnly(2026, 11, 20)),                                        // late, open overdue
            Fact(due: new DateOnly(2026, 11, 20), status: IdeaStatus.Rejected),           // late, closed: not open overdue
            Fact(due: new DateOnly(2026, 12, 10)),                                        // not decided yet
        };

        var f = IdeaFigures.Compute(ideas, Today, [], Groups);

        Assert.Equal(4, f.Decided);
        Assert.Equal(1, f.WithinDeadline);
        Assert.Equal(1, f.OpenOverdue);
    }

    [Fact]
    public void WorkingDaysBetween_OverEaster_HolidaysNotCounted()
    {
        Assert.Equal(1, IdeaFigures.WorkingDaysBetween(new DateOnly(2026, 4, 2), new DateOnly(2026, 4, 7)));
        Assert.Equal(0, IdeaFigures.WorkingDaysBetween(new DateOnly(2026, 4, 2), new DateOnly(2026, 4, 2)));
    }
}
