using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Surveys;

/// <summary>Who is invited to a wave: everyone who has the app, listed people (object ids), the members of listed teams, or of listed Entra groups (Graph).</summary>
public enum AudienceKind
{
    Everyone = 0,
    People = 1,
    Teams = 2,

    /// <summary>Members (transitive) of Entra groups, read through Graph when the wave starts; offered only with Graph on.</summary>
    Groups = 3,
}

/// <summary>Lengths the cards allow and the database holds (the inputs' maxLength says the same).</summary>
public static class SurveyLimits
{
    public const int Title = 120;
    public const int Purpose = 1000;
    public const int QuestionText = 300;
    public const int Options = 2000;
    public const int OptionText = 80;
    public const int MaxOptions = 12;
    public const int ScaleLabel = 60;
    public const int MaxQuestions = 30;
    public const int MaxBreakdowns = 4;
    public const int FreeText = 1000;
    public const int Audience = 8000;
    public const int Name = 200;
    public const int Draft = 40000;
}

/// <summary>
/// A survey of the innovation department: its questions (<see cref="SurveyQuestion"/>) and the waves it ran in
/// (<see cref="SurveyWave"/>, the same questions each time). It holds no answer and no participant: who was invited
/// and who still may answer is in <see cref="SurveyInvitee"/> and <see cref="SurveyPending"/>, the answers sit
/// unlinked in <see cref="SurveyResponse"/> and <see cref="SurveyValue"/>. Questions can change only until the first
/// wave starts (afterwards every wave must ask the same).
/// </summary>
public sealed class Survey
{
    public long Id { get; set; }
    public required string Title { get; set; }

    /// <summary>What it is for, in the words of the innovation department: the invitation card shows it.</summary>
    public string Purpose { get; set; } = "";

    /// <summary>The template it came from ("homeoffice", "empty"), for the list only.</summary>
    public string Template { get; set; } = "";

    public string TenantId { get; set; } = "";

    /// <summary>The person of the innovation department who created it (acts in a role; shown on the management cards).</summary>
    public string CreatedByAadObjectId { get; set; } = "";
    public string CreatedByName { get; set; } = "";

    public AudienceKind AudienceKind { get; set; }

    /// <summary>For People: Entra object ids; for Teams: team ids (where the app is installed); for Groups: group object ids; comma-separated.</summary>
    public string Audience { get; set; } = "";

    /// <summary>Days after a wave's start on which those who have not answered are reminded, e.g. "3,7"; empty: no reminders.</summary>
    public string ReminderDays { get; set; } = "3,7";

    /// <summary>Free text may go to the research partner in the raw export (else it is left out of it).</summary>
    public bool FreeTextToPartner { get; set; }

    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>Raised by every change under <see cref="SurveyLock"/>; management cards carry it so a stale card changes nothing.</summary>
    public int Version { get; set; }
}

public static class SurveyTables
{
    public static DbSet<Survey> Surveys(this LabDbContext db) => db.Set<Survey>();
    public static DbSet<SurveyQuestion> SurveyQuestions(this LabDbContext db) => db.Set<SurveyQuestion>();
    public static DbSet<SurveyWave> SurveyWaves(this LabDbContext db) => db.Set<SurveyWave>();
    public static DbSet<SurveyInvitee> SurveyInvitees(this LabDbContext db) => db.Set<SurveyInvitee>();
    public static DbSet<SurveyPending> SurveyPending(this LabDbContext db) => db.Set<SurveyPending>();
    public static DbSet<SurveyDraft> SurveyDrafts(this LabDbContext db) => db.Set<SurveyDraft>();
    public static DbSet<SurveyResponse> SurveyResponses(this LabDbContext db) => db.Set<SurveyResponse>();
    public static DbSet<SurveyValue> SurveyValues(this LabDbContext db) => db.Set<SurveyValue>();
    public static DbSet<SurveyExport> SurveyExports(this LabDbContext db) => db.Set<SurveyExport>();
}

internal sealed class SurveyConfiguration : IEntityTypeConfiguration<Survey>
{
    public void Configure(EntityTypeBuilder<Survey> e)
    {
        e.ToTable("surveys");
        e.HasIndex(s => s.CreatedByAadObjectId);
        e.Property(s => s.Title).HasMaxLength(SurveyLimits.Title);
        e.Property(s => s.Purpose).HasMaxLength(SurveyLimits.Purpose);
        e.Property(s => s.Template).HasMaxLength(40);
        e.Property(s => s.TenantId).HasMaxLength(64);
        e.Property(s => s.CreatedByAadObjectId).HasMaxLength(64);
        e.Property(s => s.CreatedByName).HasMaxLength(SurveyLimits.Name);
        e.Property(s => s.Audience).HasMaxLength(SurveyLimits.Audience);
        e.Property(s => s.ReminderDays).HasMaxLength(40);
        e.Property(s => s.AudienceKind).HasConversion<int>();
    }
}
