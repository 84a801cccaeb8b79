using Microsoft.Extensions.Options;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Features.Privacy.SmallGroups;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Features.Surveys.Exports;

namespace StadtLabor.Bot.Tests.Surveys.Exports;

/// <summary>
/// A random small wave for the property tests: 1–3 grouping questions (declared breakdowns, 2–4 options, skewed so
/// small groups happen), 1–2 answer questions (single choice, scale or multiple choice), a free-text question, 0–60
/// answers. The chat's figures come from <see cref="QuestionTable"/> exactly as SurveyResults feeds it.
/// </summary>
public sealed record RawDataset(IReadOnlyList<SurveyQuestion> Questions, IReadOnlyList<RawAnswer> Answers)
{
    public const int K = 5;
    public static readonly SmallGroups SmallGroups = new(Options.Create(new PrivacyOptions()));

    public IReadOnlyList<SurveyQuestion> Grouping => RawRows.Grouping(Questions);
    public IReadOnlyList<SurveyQuestion> Closed => [.. Questions.Where(q => q.Kind != QuestionKind.FreeText)];
    public IReadOnlyList<SurveyQuestion> AnswerQuestions => [.. Closed.Where(q => !q.IsBreakdown)];

    public static RawDataset Make(int seed, int groupingCount, int answerCount, int rows, bool partitionOnly = false, int maxOptions = 4)
    {
        var random = new Random(seed);
        var questions = new List<SurveyQuestion>();
        for (var g = 0; g < groupingCount; g++)
            questions.Add(Question(g + 1, QuestionKind.SingleChoice, random.Next(2, maxOptions + 1), slot: g + 1));
        for (var a = 0; a < answerCount; a++)
        {
            var kind = partitionOnly ? QuestionKind.SingleChoice : (QuestionKind)random.Next(0, 3);
            questions.Add(Question(11 + a, kind, kind == QuestionKind.Scale ? 0 : random.Next(2, 4)));
        }
        questions.Add(Question(21, QuestionKind.FreeText, 0));
        // Skewed option weights, so some groups are small and some large.
        var weights = questions.ToDictionary(q => q.Id, q => Enumerable.Range(0, Math.Max(q.OptionList().Count, 5)).Select(_ => random.NextDouble() + 0.05).ToArray());
        int Pick(long id, int count)
        {
            var w = weights[id][..count];
            var x = random.NextDouble() * w.Sum();
            for (var i = 0; i < count; i++) if ((x -= w[i]) < 0) return i;
            return count - 1;
        }
        var answers = new List<RawAnswer>();
        for (var r = 0; r < rows; r++)
        {
            var values = new Dictionary<long, RawValue>();
            foreach (var q in questions)
                values[q.Id] = q.Kind switch
                {
                    QuestionKind.SingleChoice => new RawValue(Pick(q.Id, q.OptionList().Count), null, null),
                    QuestionKind.Scale => new RawValue(Pick(q.Id, 5) + 1, null, null),
                    QuestionKind.MultipleChoice => new RawValue(random.Next(1, 1 << q.OptionList().Count), null, null),
                    _ => new RawValue(null, null, random.Next(3) == 0 ? null : $"Text {r}"),
                };
            answers.Add(new RawAnswer([.. questions.Where(q => q.IsBreakdown).OrderBy(q => q.BreakdownSlot).Select(q => values[q.Id].Choice)], values));
        }
        return new RawDataset(questions, answers);
    }

    private static SurveyQuestion Question(long id, QuestionKind kind, int options, int slot = 0) => new()
    {
        Id = id, SurveyId = 1, Position = (int)id, Kind = kind, Text = "F" + id, BreakdownSlot = slot,
        Options = SurveyQuestion.ToOptions(Enumerable.Range(0, options).Select(i => $"O{id}.{i}")),
    };

    /// <summary>What the chat shows: each closed question without (column -1) and with each breakdown (its column).</summary>
    public IEnumerable<(QuestionFigures Figures, int Column)> Views()
    {
        foreach (var q in Closed)
            for (var column = -1; column < Grouping.Count; column++)
            {
                var counted = Answers
                    .GroupBy(a => (Group: column < 0 ? null : a.Groups[column], a.Values[q.Id].Choice, a.Values[q.Id].Number))
                    .Select(g => new CountedAnswer(g.Key.Group, g.Key.Choice, g.Key.Number, g.Count())).ToList();
                var labels = column < 0 ? [] : Grouping[column].OptionList();
                yield return (QuestionTable.Decide(q, counted, labels, column >= 0, SmallGroups), column);
            }
    }

    public (List<IReadOnlyList<string>> Rows, RawPlan Plan) Export(bool freeText, Random random) =>
        RawRows.Wave(1, Questions, freeText, Answers, K, "ohne Angabe", random);
}
