using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StadtLabor.Bot.Features.Surveys;

/// <summary>
/// A person's answers before "Absenden": kept per page as they go back and forth, so nothing is lost when they stop.
/// It names the person (it is theirs, in "meine daten"), so it is deleted when they send (in the same transaction as
/// the unlinked answer) and for everyone when the wave closes.
/// </summary>
public sealed class SurveyDraft
{
    public long WaveId { get; set; }
    public required string UserAadObjectId { get; set; }

    /// <summary>Answers so far: JSON object question id → value as the card sent it (see <see cref="SurveyAnswers"/>).</summary>
    public string Answers { get; set; } = "{}";

    /// <summary>The page the person is on (0-based).</summary>
    public int Page { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}

internal sealed class SurveyDraftConfiguration : IEntityTypeConfiguration<SurveyDraft>
{
    public void Configure(EntityTypeBuilder<SurveyDraft> e)
    {
        e.ToTable("survey_drafts");
        e.HasKey(d => new { d.WaveId, d.UserAadObjectId });
        e.HasIndex(d => d.UserAadObjectId);
        e.HasOne<SurveyWave>().WithMany().HasForeignKey(d => d.WaveId).OnDelete(DeleteBehavior.Cascade);
        e.Property(d => d.UserAadObjectId).HasMaxLength(64);
        e.Property(d => d.Answers).HasMaxLength(SurveyLimits.Draft);
    }
}
