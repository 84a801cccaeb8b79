using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Features.Lending;

/// <summary>
/// Something the lab lends: a device with a quantity (VR headsets ×6) or a kit (the Mobiles stadtLABOR) whose parts
/// are items of their own (<see cref="KitPart"/>). A kit has its own quantity (how many cases) and also needs its
/// parts: reserving the kit reserves the parts, and a part lent alone can make the kit unavailable
/// (<see cref="AvailabilitySnapshot"/>).
/// </summary>
public sealed class LendingItem
{
    public long Id { get; set; }
    public required string Name { get; set; }

    /// <summary>Free text chosen by the lab team ("VR", "3D-Druck", "Robotik"); the catalogue groups by it and "similar items" share it.</summary>
    public string Category { get; set; } = "";
    public string Description { get; set; } = "";

    /// <summary>How many units the lab owns; reservations and maintenance blocks may not use more at any moment.</summary>
    public int Quantity { get; set; } = 1;
    public bool IsKit { get; set; }

    /// <summary>False for parts that only travel inside a kit (cables, cases): the catalogue does not offer them alone.</summary>
    public bool LendableAlone { get; set; } = true;

    /// <summary>"Genehmigung nötig": a reservation waits for the lab team instead of being confirmed at once.</summary>
    public bool NeedsApproval { get; set; }

    /// <summary>"Nur nach Einweisung": the person must have attended a session of this training tool.</summary>
    public long? RequiredToolId { get; set; }

    /// <summary>Per-item limits; null means the lab's default (<see cref="LendingOptions"/>).</summary>
    public int? MaxDays { get; set; }

    /// <summary>How many units one person may hold at the same time; null means no limit beyond the quantity.</summary>
    public int? MaxPerPerson { get; set; }

    /// <summary>The https link every card shows: typed by the lab team, or the bot's own link to an uploaded <see cref="LendingPhoto"/>.</summary>
    public string PhotoUrl { get; set; } = "";

    /// <summary>Retired items stay for the history but are no longer offered or reservable.</summary>
    public DateTime? RetiredAtUtc { get; set; }

    /// <summary>Every change of reservations of this item starts by bumping this (see <see cref="ItemLock"/>).</summary>
    public long LockStamp { get; set; }

    public string CreatedByAadObjectId { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    public bool IsRetired => RetiredAtUtc is not null;
}

/// <summary>One line of a kit's parts list: the kit needs <see cref="Count"/> units of the part item.</summary>
public sealed class KitPart
{
    public long KitId { get; set; }
    public long PartId { get; set; }
    public int Count { get; set; } = 1;
}

public static class LendingItemTables
{
    public static DbSet<LendingItem> LendingItems(this LabDbContext db) => db.Set<LendingItem>();
    public static DbSet<KitPart> KitParts(this LabDbContext db) => db.Set<KitPart>();
}

internal sealed class LendingItemConfiguration : IEntityTypeConfiguration<LendingItem>
{
    public void Configure(EntityTypeBuilder<LendingItem> e)
    {
        e.ToTable("lending_items");
        e.HasIndex(i => i.Name).IsUnique();
        e.HasIndex(i => i.Category);
        e.HasOne<TrainingTool>().WithMany().HasForeignKey(i => i.RequiredToolId).OnDelete(DeleteBehavior.SetNull);
        e.Property(i => i.Name).HasMaxLength(LendingLimits.Name);
        e.Property(i => i.Category).HasMaxLength(LendingLimits.Category);
        e.Property(i => i.Description).HasMaxLength(LendingLimits.Description);
        e.Property(i => i.PhotoUrl).HasMaxLength(LendingLimits.Url);
        e.Property(i => i.CreatedByAadObjectId).HasMaxLength(64);
        e.Ignore(i => i.IsRetired);
    }
}

internal sealed class KitPartConfiguration : IEntityTypeConfiguration<KitPart>
{
    public void Configure(EntityTypeBuilder<KitPart> e)
    {
        e.ToTable("lending_kit_parts");
        e.HasKey(p => new { p.KitId, p.PartId });
        e.HasIndex(p => p.PartId);
        e.HasOne<LendingItem>().WithMany().HasForeignKey(p => p.KitId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<LendingItem>().WithMany().HasForeignKey(p => p.PartId).OnDelete(DeleteBehavior.Restrict);
    }
}
