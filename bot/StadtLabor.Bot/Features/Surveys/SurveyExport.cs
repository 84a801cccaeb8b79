using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StadtLabor.Bot.Features.Surveys;

public enum SurveyExportKind
{
    /// <summary>The aggregated results (CSV), every suppressed cell marked.</summary>
    ResultsCsv = 0,
    ResultsXlsx = 1,

    /// <summary>The research partner's raw answers (k-anonymous grouping answers, free text only when declared).</summary>
    RawCsv = 2,
    RawXlsx = 3,
}

/// <summary>Every export of a survey's results: who, when, which survey and kind. Listed on the results card.</summary>
public sealed class SurveyExport
{
    public long Id { get; set; }
    public long SurveyId { get; set; }
    public SurveyExportKind Kind { get; set; }
    public required string ByAadObjectId { get; set; }
    public string ByName { get; set; } = "";
    public DateTime AtUtc { get; set; }
}

internal sealed class SurveyExportConfiguration : IEntityTypeConfiguration<SurveyExport>
{
    public void Configure(EntityTypeBuilder<SurveyExport> e)
    {
        e.ToTable("survey_exports");
        e.HasIndex(x => new { x.SurveyId, x.AtUtc });
        e.HasIndex(x => x.ByAadObjectId);
        e.HasOne<Survey>().WithMany().HasForeignKey(x => x.SurveyId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.Kind).HasConversion<int>();
        e.Property(x => x.ByAadObjectId).HasMaxLength(64);
        e.Property(x => x.ByName).HasMaxLength(SurveyLimits.Name);
    }
}
