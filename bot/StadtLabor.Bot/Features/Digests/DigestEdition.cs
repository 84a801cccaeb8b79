using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StadtLabor.Bot.Features.Digests;

public enum DigestKind
{
    Channel = 0,
    Personal = 1,
    LabTeam = 2,
    Lotsen = 3,
    Innovation = 4,
}

/// <summary>
/// One digest posted to one audience for one period: a channel's week, a person's day or week. The row makes a re-run
/// of the same period update the posted card (through <see cref="OutboxDedupeKey"/>) instead of posting again, and is
/// what acknowledgements are counted against.
/// </summary>
public sealed class DigestEdition
{
    public long Id { get; set; }
    public DigestKind Kind { get; set; }

    /// <summary>The period's first day in Berlin, "yyyy-MM-dd" (a Monday for weekly digests).</summary>
    public required string PeriodKey { get; set; }

    /// <summary>The channel's conversation id, or the person's object id.</summary>
    public required string Audience { get; set; }

    public required string Language { get; set; }

    /// <summary>The outbox message that posted the card; updates name it (UpdatesDedupeKey).</summary>
    public required string OutboxDedupeKey { get; set; }

    /// <summary>How many lines the digest held (for the status card: editions with content).</summary>
    public int ItemCount { get; set; }

    /// <summary>How many times the card was refreshed in place (a re-run or "Aktualisieren").</summary>
    public int Revision { get; set; }

    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
}

public enum DigestAnswer
{
    Read = 0,
    Done = 1,
    Later = 2,
}

/// <summary>
/// "Gelesen" / "Erledigt" / "Später (Montag)" on a personal or role digest: one row per edition and person (a second
/// click changes the answer, it does not count twice). Shown only as counts per edition, from k people.
/// </summary>
public sealed class DigestAcknowledgement
{
    public long EditionId { get; set; }
    public required string UserAadObjectId { get; set; }
    public DigestAnswer Answer { get; set; }
    public DateTime AnsweredAtUtc { get; set; }
}

public static class DigestTables
{
    public static DbSet<DigestEdition> DigestEditions(this StadtLabor.Bot.Data.LabDbContext db) => db.Set<DigestEdition>();
    public static DbSet<DigestAcknowledgement> DigestAcknowledgements(this StadtLabor.Bot.Data.LabDbContext db) => db.Set<DigestAcknowledgement>();
}

internal sealed class DigestEditionConfiguration : IEntityTypeConfiguration<DigestEdition>
{
    public void Configure(EntityTypeBuilder<DigestEdition> e)
    {
        e.ToTable("digest_editions");
        e.HasIndex(d => new { d.Kind, d.PeriodKey, d.Audience }).IsUnique();
        e.HasIndex(d => d.Audience);
        e.HasIndex(d => d.CreatedAtUtc);
        e.Property(d => d.PeriodKey).HasMaxLength(10);
        e.Property(d => d.Audience).HasMaxLength(512);
        e.Property(d => d.Language).HasMaxLength(8);
        e.Property(d => d.OutboxDedupeKey).HasMaxLength(300);
        e.Property(d => d.Kind).HasConversion<int>();
    }
}

internal sealed class DigestAcknowledgementConfiguration : IEntityTypeConfiguration<DigestAcknowledgement>
{
    public void Configure(EntityTypeBuilder<DigestAcknowledgement> e)
    {
        e.ToTable("digest_acknowledgements");
        e.HasKey(a => new { a.EditionId, a.UserAadObjectId });
        e.HasIndex(a => a.UserAadObjectId);
        e.HasOne<DigestEdition>().WithMany().HasForeignKey(a => a.EditionId).OnDelete(DeleteBehavior.Cascade);
        e.Property(a => a.UserAadObjectId).HasMaxLength(64);
        e.Property(a => a.Answer).HasConversion<int>();
    }
}
