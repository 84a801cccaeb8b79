using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Lending;

public enum CheckKind
{
    Handover = 0,
    Return = 1,
}

/// <summary>
/// One line of a handover or return checklist: of this part (the item itself for a single device) so many were
/// expected and so many counted, so many damaged, with a note on the condition. Kept with the reservation.
/// </summary>
public sealed class CheckLine
{
    public long Id { get; set; }
    public long ReservationId { get; set; }
    public CheckKind Kind { get; set; }
    public long ItemId { get; set; }
    public int Expected { get; set; }
    public int Counted { get; set; }
    public int Damaged { get; set; }
    public string Note { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }

    public bool IsShort => Counted < Expected || Damaged > 0;
}

public static class CheckLineTable
{
    public static DbSet<CheckLine> LendingCheckLines(this LabDbContext db) => db.Set<CheckLine>();
}

internal sealed class CheckLineConfiguration : IEntityTypeConfiguration<CheckLine>
{
    public void Configure(EntityTypeBuilder<CheckLine> e)
    {
        e.ToTable("lending_check_lines");
        // A repeated click of "Übergeben"/"Zurücknehmen" finds the lines and changes nothing.
        e.HasIndex(l => new { l.ReservationId, l.Kind, l.ItemId }).IsUnique();
        e.HasOne<LendingReservation>().WithMany().HasForeignKey(l => l.ReservationId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<LendingItem>().WithMany().HasForeignKey(l => l.ItemId).OnDelete(DeleteBehavior.Restrict);
        e.Property(l => l.Note).HasMaxLength(LendingLimits.Note);
        e.Ignore(l => l.IsShort);
    }
}
