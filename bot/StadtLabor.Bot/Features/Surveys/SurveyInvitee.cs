using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StadtLabor.Bot.Features.Surveys;

/// <summary>
/// A person invited to a wave (the audience when it started, and people who joined later). Written when the
/// invitations go out, in random order, and never touched when the person answers: nothing in this table says
/// whether, when or in which order anyone answered. Whether a person may still answer is <see cref="SurveyPending"/>.
/// </summary>
public sealed class SurveyInvitee
{
    public long Id { get; set; }
    public long WaveId { get; set; }
    public required string UserAadObjectId { get; set; }
    public string TenantId { get; set; } = "";

    /// <summary>The language of the invitation and the reminders.</summary>
    public string Lang { get; set; } = "de";
}

/// <summary>
/// "Has not answered yet": one row per invited person, written with the invitation and DELETED when the person sends
/// their answer (in the same transaction as the answer). Reminders go to these rows only. Deleting leaves nothing to
/// order by, where a flag or an insert would record the order of answering, which the answers' own order could be
/// matched against.
/// </summary>
public sealed class SurveyPending
{
    public long WaveId { get; set; }
    public required string UserAadObjectId { get; set; }
}

internal sealed class SurveyInviteeConfiguration : IEntityTypeConfiguration<SurveyInvitee>
{
    public void Configure(EntityTypeBuilder<SurveyInvitee> e)
    {
        e.ToTable("survey_invitees");
        e.HasIndex(i => new { i.WaveId, i.UserAadObjectId }).IsUnique();
        e.HasIndex(i => i.UserAadObjectId);
        e.HasOne<SurveyWave>().WithMany().HasForeignKey(i => i.WaveId).OnDelete(DeleteBehavior.Cascade);
        e.Property(i => i.UserAadObjectId).HasMaxLength(64);
        e.Property(i => i.TenantId).HasMaxLength(64);
        e.Property(i => i.Lang).HasMaxLength(8);
    }
}

internal sealed class SurveyPendingConfiguration : IEntityTypeConfiguration<SurveyPending>
{
    public void Configure(EntityTypeBuilder<SurveyPending> e)
    {
        e.ToTable("survey_pending");
        e.HasKey(p => new { p.WaveId, p.UserAadObjectId });
        e.HasIndex(p => p.UserAadObjectId);
        e.HasOne<SurveyWave>().WithMany().HasForeignKey(p => p.WaveId).OnDelete(DeleteBehavior.Cascade);
        e.Property(p => p.UserAadObjectId).HasMaxLength(64);
    }
}
