using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Lending;

/// <summary>
/// "Sag mir Bescheid, wenn frei": a person waiting for an item in a range. When units come free there (a cancel,
/// a no-show released, a block cleared) the people waiting are told, in the order they asked, once.
/// </summary>
public sealed class LendingWatch
{
    public long Id { get; set; }
    public long ItemId { get; set; }
    public required string UserAadObjectId { get; set; }
    public string TenantId { get; set; } = "";
    public string Lang { get; set; } = "de";
    public DateTime FromUtc { get; set; }
    public DateTime ToUtc { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? NotifiedAtUtc { get; set; }
}

public static class LendingWatchTable
{
    public static DbSet<LendingWatch> LendingWatches(this LabDbContext db) => db.Set<LendingWatch>();
}

internal sealed class LendingWatchConfiguration : IEntityTypeConfiguration<LendingWatch>
{
    public void Configure(EntityTypeBuilder<LendingWatch> e)
    {
        e.ToTable("lending_watches");
        e.HasIndex(w => new { w.ItemId, w.NotifiedAtUtc });
        e.HasIndex(w => w.UserAadObjectId);
        e.HasOne<LendingItem>().WithMany().HasForeignKey(w => w.ItemId).OnDelete(DeleteBehavior.Cascade);
        e.Property(w => w.UserAadObjectId).HasMaxLength(64);
        e.Property(w => w.TenantId).HasMaxLength(64);
        e.Property(w => w.Lang).HasMaxLength(8);
    }
}
