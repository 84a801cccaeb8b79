using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Lending;

/// <summary>
/// A photo the lab team uploaded for an item, served by the bot itself (the intranet may have no internet, and
/// Teams shows card images only from https URLs it can reach). One per item; a new upload replaces it.
/// </summary>
public sealed class LendingPhoto
{
    public long Id { get; set; }
    public long ItemId { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }

    /// <summary>Hex SHA-256 of the content: the ETag, and part of the URL so a new photo is never served from a stale cache.</summary>
    public required string Sha256 { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}

public static class LendingPhotoTable
{
    public static DbSet<LendingPhoto> LendingPhotos(this LabDbContext db) => db.Set<LendingPhoto>();
}

internal sealed class LendingPhotoConfiguration : IEntityTypeConfiguration<LendingPhoto>
{
    public void Configure(EntityTypeBuilder<LendingPhoto> e)
    {
        e.ToTable("lending_photos");
        e.HasIndex(p => p.ItemId).IsUnique();
        e.HasOne<LendingItem>().WithMany().HasForeignKey(p => p.ItemId).OnDelete(DeleteBehavior.Cascade);
        e.Property(p => p.ContentType).HasMaxLength(LendingLimits.ContentType);
        e.Property(p => p.Sha256).HasMaxLength(64);
    }
}
