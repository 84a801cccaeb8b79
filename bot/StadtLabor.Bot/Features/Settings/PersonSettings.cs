using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StadtLabor.Bot.Features.Settings;

/// <summary>
/// What a person set for themselves, one row per person (a row exists only once they chose something). Today the
/// language; later settings become columns here, so a turn still reads one row.
/// </summary>
public sealed class PersonSettings
{
    public required string TenantId { get; set; }
    public required string UserAadObjectId { get; set; }

    /// <summary>"de" or "en" (Strings.Languages); null: the Teams client decides.</summary>
    public string? Language { get; set; }

    /// <summary>The personal digest: weekly (the default, also without a row), daily on working days, or off.</summary>
    public DigestFrequency DigestFrequency { get; set; }

    /// <summary>Which reminders wait for the digest instead of coming on their own (none by default).</summary>
    public DigestFolds DigestFolds { get; set; }

    /// <summary>The weekly role digest (lab team, Lotsen, innovation) for a person holding such a role.</summary>
    public bool RoleDigests { get; set; } = true;

    public DateTime UpdatedAtUtc { get; set; }
}

public enum DigestFrequency
{
    Weekly = 0,
    Daily = 1,
    Off = 2,
}

/// <summary>Reminders that can fold into the personal digest. Training reminders are time-critical: they may, but by default do not.</summary>
[Flags]
public enum DigestFolds
{
    None = 0,
    LendingDueDates = 1,
    IdeaStatusChanges = 2,
    SurveyInvitations = 4,
    TrainingReminders = 8,
}

public static class PersonSettingsTable
{
    public static DbSet<PersonSettings> PersonSettings(this StadtLabor.Bot.Data.LabDbContext db) => db.Set<PersonSettings>();
}

internal sealed class PersonSettingsConfiguration : IEntityTypeConfiguration<PersonSettings>
{
    public void Configure(EntityTypeBuilder<PersonSettings> e)
    {
        e.ToTable("person_settings");
        // The key is the lookup of every turn: one index seek, no separate id.
        e.HasKey(p => new { p.TenantId, p.UserAadObjectId });
        // "meine daten" finds a person by object id alone.
        e.HasIndex(p => p.UserAadObjectId);
        e.Property(p => p.TenantId).HasMaxLength(64);
        e.Property(p => p.UserAadObjectId).HasMaxLength(64);
        e.Property(p => p.Language).HasMaxLength(8);
        e.Property(p => p.DigestFrequency).HasConversion<int>();
        e.Property(p => p.DigestFolds).HasConversion<int>();
        e.Property(p => p.RoleDigests).HasDefaultValue(true);
    }
}
