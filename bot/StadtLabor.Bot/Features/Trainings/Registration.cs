using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>Where a person stands with a session. Which of these hold a seat is decided in <see cref="SeatRule"/>.</summary>
public enum RegistrationStatus
{
    Booked = 0,
    Waitlisted = 1,

    /// <summary>A seat is held for this person until <see cref="Registration.OfferExpiresAtUtc"/>.</summary>
    Offered = 2,
    Cancelled = 3,

    /// <summary>Said no to an offer; off the waitlist.</summary>
    Declined = 4,

    /// <summary>Let an offer run out; off the waitlist.</summary>
    OfferExpired = 5,
}

public enum Attendance
{
    Unknown = 0,
    Present = 1,
    NoShow = 2,
}

/// <summary>
/// One person and one session: booked, on the waitlist, holding an offer, or no longer. One row per person and
/// session (unique), so a sign-up that Teams delivers twice finds the row and changes nothing.
/// </summary>
public sealed class Registration
{
    public long Id { get; set; }
    public long SessionId { get; set; }
    public required string UserAadObjectId { get; set; }

    /// <summary>For the participant list and the export; nothing else about the person is kept.</summary>
    public string UserName { get; set; } = "";

    /// <summary>The tenant the person wrote from: proactive messages (offers, reminders) need it.</summary>
    public string TenantId { get; set; } = "";

    /// <summary>"de" or "en" as the person last wrote to us: offers and reminders come in that language.</summary>
    public string Lang { get; set; } = "de";
    public RegistrationStatus Status { get; set; }

    /// <summary>Arrival order on the waitlist (1, 2, 3 ... per session, given under the session lock).</summary>
    public long WaitlistSeq { get; set; }
    public DateTime? OfferExpiresAtUtc { get; set; }

    /// <summary>How many offers this person got for this session; part of the offer card's dedupe key.</summary>
    public int OfferCount { get; set; }
    public DateTime? BookedAtUtc { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    public Attendance Attendance { get; set; }
    public DateTime? FeedbackRequestedAtUtc { get; set; }

    /// <summary>
    /// Answered the feedback card: only yes or no, never when, and setting it leaves <see cref="UpdatedAtUtc"/> alone;
    /// a time here could be paired with the order of the anonymous answers.
    /// </summary>
    public bool FeedbackGiven { get; set; }

    /// <summary>See <see cref="SeatRule.HoldsSeat"/>.</summary>
    public bool HoldsSeat => SeatRule.HoldsSeat(Status);

    /// <summary>See <see cref="SeatRule.IsActive"/>.</summary>
    public bool IsActive => SeatRule.IsActive(Status);
}

public static class RegistrationTable
{
    public static DbSet<Registration> TrainingRegistrations(this LabDbContext db) => db.Set<Registration>();
}

internal sealed class RegistrationConfiguration : IEntityTypeConfiguration<Registration>
{
    public void Configure(EntityTypeBuilder<Registration> e)
    {
        e.ToTable("training_registrations");
        e.HasIndex(r => new { r.SessionId, r.UserAadObjectId }).IsUnique();
        e.HasIndex(r => r.UserAadObjectId);
        e.HasIndex(r => new { r.Status, r.OfferExpiresAtUtc });
        e.HasOne<TrainingSession>().WithMany().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Cascade);
        e.Property(r => r.UserAadObjectId).HasMaxLength(64);
        e.Property(r => r.UserName).HasMaxLength(TrainingLimits.Name);
        e.Property(r => r.TenantId).HasMaxLength(64);
        e.Property(r => r.Lang).HasMaxLength(8);
        e.Ignore(r => r.HoldsSeat);
        e.Ignore(r => r.IsActive);
    }
}
