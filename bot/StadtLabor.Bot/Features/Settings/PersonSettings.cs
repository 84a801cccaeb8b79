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

    public DateTime UpdatedAtUtc { get; set; }
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
    }
}
