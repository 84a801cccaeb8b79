using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Lending;

public enum MaintenanceReason
{
    Repair = 0,
    Cleaning = 1,

    /// <summary>The lab uses the item itself (an event, a workshop).</summary>
    LabEvent = 2,

    /// <summary>Came back with a part missing (set by the return checklist).</summary>
    MissingPart = 3,

    /// <summary>Came back damaged (set by the return checklist).</summary>
    Damaged = 4,
}

/// <summary>
/// Units of an item that cannot be lent for a while: they count like a reservation in every availability check.
/// Open-ended (<see cref="EndsAtUtc"/> null) until the lab team clears it, as after a return with a missing part.
/// A block on a kit blocks the kit only; its parts can still be lent alone.
/// </summary>
public sealed class MaintenanceBlock
{
    public long Id { get; set; }
    public long ItemId { get; set; }
    public int Quantity { get; set; } = 1;
    public DateTime StartsAtUtc { get; set; }
    public DateTime? EndsAtUtc { get; set; }
    public MaintenanceReason Reason { get; set; }
    public string Note { get; set; } = "";

    /// <summary>The return that caused it, if any.</summary>
    public long? ReservationId { get; set; }

    public DateTime? ClearedAtUtc { get; set; }
    public string ClearedByAadObjectId { get; set; } = "";
    public string CreatedByAadObjectId { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }

    public bool IsCleared => ClearedAtUtc is not null;
}

public static class MaintenanceBlockTable
{
    public static DbSet<MaintenanceBlock> MaintenanceBlocks(this LabDbContext db) => db.Set<MaintenanceBlock>();
}

internal sealed class MaintenanceBlockConfiguration : IEntityTypeConfiguration<MaintenanceBlock>
{
    public void Configure(EntityTypeBuilder<MaintenanceBlock> e)
    {
        e.ToTable("lending_maintenance_blocks");
        e.HasIndex(b => new { b.ItemId, b.StartsAtUtc });
        e.HasOne<LendingItem>().WithMany().HasForeignKey(b => b.ItemId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<LendingReservation>().WithMany().HasForeignKey(b => b.ReservationId).OnDelete(DeleteBehavior.SetNull);
        e.Property(b => b.Note).HasMaxLength(LendingLimits.Note);
        e.Property(b => b.ClearedByAadObjectId).HasMaxLength(64);
        e.Property(b => b.CreatedByAadObjectId).HasMaxLength(64);
        e.Ignore(b => b.IsCleared);
    }
}
