using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StadtLabor.Bot.Features.Surveys;

/// <summary>
/// What a question asks for. Every closed question (all but free text) must be answered: the survey as a whole is
/// voluntary, and a respondent who may skip single questions would make every group's count differ per question
/// (and "how many skipped" is a figure about very few people). Free text is always optional.
/// </summary>
public enum QuestionKind
{
    /// <summary>One of the options; <see cref="SurveyValue.Choice"/> is its index (0-based).</summary>
    SingleChoice = 0,

    /// <summary>Any number of the options, also none; <see cref="SurveyValue.Choice"/> is a bit mask (bit i = option i; 0: none ticked).</summary>
    MultipleChoice = 1,

    /// <summary>1 to 5 with labels at both ends; <see cref="SurveyValue.Choice"/> is the value 1..5.</summary>
    Scale = 2,

    /// <summary>A whole number in [Min, Max]; <see cref="SurveyValue.Number"/>.</summary>
    Number = 3,

    /// <summary>Optional text up to <see cref="SurveyQuestion.MaxLength"/>; <see cref="SurveyValue.Text"/>.</summary>
    FreeText = 4,
}

/// <summary>
/// One question of a survey, in its position. A breakdown question (<see cref="BreakdownSlot"/> 1..4, single choice
/// only: department group, age band, role, working time, ...) is declared before the first wave starts; results are
/// only ever shown by a declared breakdown (a card asking for any other grouping is refused), and its answer is copied
/// onto the response (<see cref="SurveyResponse.Group1"/>..4) so results group without joining.
/// </summary>
public sealed class SurveyQuestion
{
    public long Id { get; set; }
    public long SurveyId { get; set; }

    /// <summary>1-based order in the survey.</summary>
    public int Position { get; set; }

    public QuestionKind Kind { get; set; }
    public required string Text { get; set; }

    /// <summary>For choices: the options as a JSON array of strings (use <see cref="OptionList"/>).</summary>
    public string Options { get; set; } = "[]";

    /// <summary>For Scale: the words at 1 and at 5 ("gar nicht zufrieden" … "sehr zufrieden").</summary>
    public string ScaleLow { get; set; } = "";
    public string ScaleHigh { get; set; } = "";

    /// <summary>For Number: the allowed range (whole numbers).</summary>
    public int? Min { get; set; }
    public int? Max { get; set; }

    /// <summary>For FreeText: the most characters accepted (at most <see cref="SurveyLimits.FreeText"/>).</summary>
    public int MaxLength { get; set; } = SurveyLimits.FreeText;

    /// <summary>0: not a breakdown; 1..4: the declared breakdown in that slot.</summary>
    public int BreakdownSlot { get; set; }

    public bool IsBreakdown => BreakdownSlot > 0;

    public IReadOnlyList<string> OptionList() => JsonSerializer.Deserialize<List<string>>(Options) ?? [];

    public static string ToOptions(IEnumerable<string> options) => JsonSerializer.Serialize(options.ToList());
}

internal sealed class SurveyQuestionConfiguration : IEntityTypeConfiguration<SurveyQuestion>
{
    public void Configure(EntityTypeBuilder<SurveyQuestion> e)
    {
        e.ToTable("survey_questions");
        e.HasIndex(q => new { q.SurveyId, q.Position });
        e.HasOne<Survey>().WithMany().HasForeignKey(q => q.SurveyId).OnDelete(DeleteBehavior.Cascade);
        e.Property(q => q.Kind).HasConversion<int>();
        e.Property(q => q.Text).HasMaxLength(SurveyLimits.QuestionText);
        e.Property(q => q.Options).HasMaxLength(SurveyLimits.Options);
        e.Property(q => q.ScaleLow).HasMaxLength(SurveyLimits.ScaleLabel);
        e.Property(q => q.ScaleHigh).HasMaxLength(SurveyLimits.ScaleLabel);
        e.Ignore(q => q.IsBreakdown);
    }
}
