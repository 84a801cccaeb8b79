using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StadtLabor.Bot.Features.Surveys;

/// <summary>Planned (not started yet), Running (invitations out, answers taken), Closed (results may be shown).</summary>
public enum WaveStatus
{
    Planned = 0,
    Running = 1,
    Closed = 2,
}

/// <summary>
/// One run of a survey: wave 1, and later wave 2 with the same questions, whose results are compared per question.
/// Answers are taken only while it runs; results are shown only after it closed (while it runs: the number of
/// answers, from the minimum group size on). The retention period of its answers runs from <see cref="ClosedAtUtc"/>.
/// </summary>
public sealed class SurveyWave
{
    public long Id { get; set; }
    public long SurveyId { get; set; }

    /// <summary>1, 2, ... within the survey.</summary>
    public int Number { get; set; }

    public WaveStatus Status { get; set; }

    /// <summary>Berlin days: invitations go out on OpensOn (the start job, or at once when it is today); closes after ClosesOn.</summary>
    public DateOnly OpensOn { get; set; }
    public DateOnly ClosesOn { get; set; }

    public DateTime? StartedAtUtc { get; set; }
    public DateTime? ClosedAtUtc { get; set; }

    /// <summary>The innovation department published a summary to all staff (the same suppression as every view).</summary>
    public bool SummaryPublished { get; set; }
    public DateTime? PublishedAtUtc { get; set; }
}

internal sealed class SurveyWaveConfiguration : IEntityTypeConfiguration<SurveyWave>
{
    public void Configure(EntityTypeBuilder<SurveyWave> e)
    {
        e.ToTable("survey_waves");
        e.HasIndex(w => new { w.SurveyId, w.Number }).IsUnique();
        e.HasIndex(w => new { w.Status, w.ClosesOn });
        e.HasOne<Survey>().WithMany().HasForeignKey(w => w.SurveyId).OnDelete(DeleteBehavior.Cascade);
        e.Property(w => w.Status).HasConversion<int>();
    }
}
