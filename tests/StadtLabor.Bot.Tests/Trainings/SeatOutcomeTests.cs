using System.Reflection;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Tests.Trainings;

/// <summary>Every seat outcome has words in both languages, in the one place that turns outcomes into words.</summary>
public sealed class SeatOutcomeTests
{
    private static readonly Strings Files = new();

    /// <summary>One instance of every outcome there is (found by reflection, so a new one cannot be forgotten here).</summary>
    public static TheoryData<string> AllOutcomes =>
        [.. typeof(SeatOutcome).GetNestedTypes().Where(t => t.IsSubclassOf(typeof(SeatOutcome))).Select(t => t.Name)];

    private static SeatOutcome Create(string name)
    {
        var type = typeof(SeatOutcome).GetNestedType(name, BindingFlags.Public)!;
        var ctor = type.GetConstructors().Single();
        var args = ctor.GetParameters().Select(p => p.ParameterType == typeof(int) ? 3
            : p.ParameterType == typeof(bool) ? true
            : p.ParameterType == typeof(DateTime) ? (object)new DateTime(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc)
            : throw new InvalidOperationException($"{name}: no sample for {p.ParameterType}")).ToArray();
        return (SeatOutcome)ctor.Invoke(args);
    }

    [Theory]
    [MemberData(nameof(AllOutcomes))]
    public void Notice_EveryOutcome_WordsInGermanAndEnglishWithPlaceholdersFilled(string name)
    {
        var outcome = Create(name);

        foreach (var lang in Strings.Languages)
        {
            var text = SessionView.Notice(Files, lang, outcome, "stadtlabor@soest.de");
            Assert.False(string.IsNullOrWhiteSpace(text), $"{name} in {lang}");
            Assert.DoesNotContain("{", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Notice_Waitlisted_NamesThePlaceInLine()
    {
        Assert.Equal(Word.De("trainings.done.waitlisted", 3), SessionView.Notice(Files, Strings.German, new SeatOutcome.Waitlisted(3), ""));
    }

    [Fact]
    public void Notice_TooLateToCancel_NamesDeadlineAndContact()
    {
        var deadline = new DateTime(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc);

        var text = SessionView.Notice(Files, Strings.German, new SeatOutcome.TooLateToCancel(deadline), "stadtlabor@soest.de");

        Assert.Equal(Word.De("trainings.explain.cancelTooLate", TrainingTime.Moment(Strings.German, deadline), "stadtlabor@soest.de"), text);
    }
}
