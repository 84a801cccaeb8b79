using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Lending;

public enum ReservationStatus
{
    /// <summary>Waits for the lab team ("Genehmigung nötig"); already holds the units, so approving never overbooks.</summary>
    Requested = 0,
    Confirmed = 1,

    /// <summary>Handed over; holds the units until returned, also past the due date (overdue).</summary>
    Lent = 2,
    Returned = 3,
    Declined = 4,
    Cancelled = 5,

    /// <summary>Not picked up by the end of its first day and released (Lending:ReleaseNoShows).</summary>
    NoShow = 6,
}

public static class ReservationRule
{
    /// <summary>Statuses that take units away from everyone else.</summary>
    public static bool Occupies(ReservationStatus status) =>
        status is ReservationStatus.Requested or ReservationStatus.Confirmed or ReservationStatus.Lent;

    /// <summary>Dates may still be changed and the reservation cancelled (before pickup).</summary>
    public static bool BeforePickup(ReservationStatus status) =>
        status is ReservationStatus.Requested or ReservationStatus.Confirmed;

    public static readonly ReservationStatus[] Occupying = [ReservationStatus.Requested, ReservationStatus.Confirmed, ReservationStatus.Lent];
}

/// <summary>
/// One person borrowing a quantity of one item (or one kit) from pickup to return. The person is always the one
/// Teams signed the activity for. Times are instants (UTC) at the lab's opening hours, shown in Europe/Berlin.
/// </summary>
public sealed class LendingReservation
{
    public long Id { get; set; }
    public long ItemId { get; set; }
    public int Quantity { get; set; } = 1;

    /// <summary>Pickup: from this instant the units are held.</summary>
    public DateTime StartsAtUtc { get; set; }

    /// <summary>Return due; a lent reservation keeps holding its units after this until it is returned.</summary>
    public DateTime EndsAtUtc { get; set; }
    public ReservationStatus Status { get; set; }

    public required string UserAadObjectId { get; set; }
    public string UserName { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string Lang { get; set; } = "de";

    /// <summary>What it is for, short; emptied after Privacy:Retention:LendingPurpose days (the record itself stays longer).</summary>
    public string Purpose { get; set; } = "";
    public string PickupPlace { get; set; } = "";

    /// <summary>Goes up when the dates change; receipts and reminders carry it in their dedupe keys.</summary>
    public int ScheduleVersion { get; set; }

    /// <summary>Why the lab team declined, or why the lab cancelled (retired item, maintenance); sent to the person.</summary>
    public string Reason { get; set; } = "";

    public string DecidedByAadObjectId { get; set; } = "";
    public DateTime? DecidedAtUtc { get; set; }

    public string HandedOverByAadObjectId { get; set; } = "";
    public DateTime? LentAtUtc { get; set; }

    /// <summary>The borrower confirmed receipt with the button in their chat (the quittance).</summary>
    public DateTime? ReceiptConfirmedAtUtc { get; set; }

    public string ReceivedBackByAadObjectId { get; set; } = "";
    public DateTime? ReturnedAtUtc { get; set; }

    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    public bool Occupies => ReservationRule.Occupies(Status);
}

public static class LendingReservationTable
{
    public static DbSet<LendingReservation> LendingReservations(this LabDbContext db) => db.Set<LendingReservation>();
}

internal sealed class LendingReservationConfiguration : IEntityTypeConfiguration<LendingReservation>
{
    public void Configure(EntityTypeBuilder<LendingReservation> e)
    {
        e.ToTable("lending_reservations");
        // Availability reads by item and time; reminders and "heute" by status and time; "meine ausleihen" by person.
        e.HasIndex(r => new { r.ItemId, r.StartsAtUtc, r.EndsAtUtc });
        e.HasIndex(r => new { r.Status, r.StartsAtUtc });
        e.HasIndex(r => new { r.Status, r.EndsAtUtc });
        e.HasIndex(r => r.UserAadObjectId);
        e.HasOne<LendingItem>().WithMany().HasForeignKey(r => r.ItemId).OnDelete(DeleteBehavior.Restrict);
        e.Property(r => r.UserAadObjectId).HasMaxLength(64);
        e.Property(r => r.UserName).HasMaxLength(LendingLimits.PersonName);
        e.Property(r => r.TenantId).HasMaxLength(64);
        e.Property(r => r.Lang).HasMaxLength(8);
        e.Property(r => r.Purpose).HasMaxLength(LendingLimits.Purpose);
        e.Property(r => r.PickupPlace).HasMaxLength(LendingLimits.Place);
        e.Property(r => r.Reason).HasMaxLength(LendingLimits.Reason);
        e.Property(r => r.DecidedByAadObjectId).HasMaxLength(64);
        e.Property(r => r.HandedOverByAadObjectId).HasMaxLength(64);
        e.Property(r => r.ReceivedBackByAadObjectId).HasMaxLength(64);
        e.Ignore(r => r.Occupies);
    }
}
