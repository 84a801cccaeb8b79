using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StadtLabor.Bot.Features.Surveys;

/// <summary>
/// One answer, unlinked: a random id, the wave, no person, no time at all. Rows are laid out as empty slots when the
/// invitations go out (<see cref="ResponseSlots"/>: one per invitee, in random order, each with a value row per
/// question), and "Absenden" fills a slot picked at random. So the table's order is the order the slots were shuffled
/// into, not the order people answered in, and the same holds for <see cref="SurveyValue"/>.
/// The answers to the declared breakdown questions are copied here (Group1..4: the option index) so the results group
/// by them without a join.
/// </summary>
public sealed class SurveyResponse
{
    public Guid Id { get; set; }
    public long WaveId { get; set; }

    /// <summary>False: an empty slot, not counted anywhere.</summary>
    public bool Filled { get; set; }

    public int? Group1 { get; set; }
    public int? Group2 { get; set; }
    public int? Group3 { get; set; }
    public int? Group4 { get; set; }

    public int? Group(int slot) => slot switch { 1 => Group1, 2 => Group2, 3 => Group3, 4 => Group4, _ => null };
}

/// <summary>
/// One answer to one question, inside a <see cref="SurveyResponse"/>. Pre-created empty with the slot; filled on
/// "Absenden". <see cref="WaveId"/> and the groups are copied from the response, so a question's results are one
/// grouped scan of an index.
/// </summary>
public sealed class SurveyValue
{
    public Guid ResponseId { get; set; }
    public long QuestionId { get; set; }
    public long WaveId { get; set; }

    /// <summary>SingleChoice: option index; MultipleChoice: bit mask of options; Scale: 1..5; else null.</summary>
    public int? Choice { get; set; }

    /// <summary>Number: the value.</summary>
    public int? Number { get; set; }

    /// <summary>FreeText: the text, or null when left empty.</summary>
    public string? Text { get; set; }

    public int? Group1 { get; set; }
    public int? Group2 { get; set; }
    public int? Group3 { get; set; }
    public int? Group4 { get; set; }
}

internal sealed class SurveyResponseConfiguration : IEntityTypeConfiguration<SurveyResponse>
{
    public void Configure(EntityTypeBuilder<SurveyResponse> e)
    {
        e.ToTable("survey_responses");
        e.HasKey(r => r.Id);
        e.Property(r => r.Id).ValueGeneratedNever();
        e.HasIndex(r => new { r.WaveId, r.Filled });
        e.HasOne<SurveyWave>().WithMany().HasForeignKey(r => r.WaveId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SurveyValueConfiguration : IEntityTypeConfiguration<SurveyValue>
{
    public void Configure(EntityTypeBuilder<SurveyValue> e)
    {
        e.ToTable("survey_values");
        e.HasKey(v => new { v.ResponseId, v.QuestionId });
        e.HasIndex(v => new { v.WaveId, v.QuestionId });
        e.HasOne<SurveyResponse>().WithMany().HasForeignKey(v => v.ResponseId).OnDelete(DeleteBehavior.Cascade);
        e.Property(v => v.Text).HasMaxLength(SurveyLimits.FreeText);
    }
}
