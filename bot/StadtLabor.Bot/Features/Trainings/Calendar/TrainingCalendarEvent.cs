using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Trainings.Calendar;

/// <summary>
/// The Outlook event of one session in the organiser mailbox, and what was last sent to it. Holds no person: the
/// attendee list is kept only as a hash (to tell whether it changed), the addresses are looked up when sending.
/// </summary>
public sealed class TrainingCalendarEvent
{
    public long SessionId { get; set; }

    /// <summary>Graph's id of the event; null until the create went through (or after Graph lost the event).</summary>
    public string? EventId { get; set; }

    /// <summary>Counts events created for the session; part of the transactionId, so a recreate is not taken for a retry.</summary>
    public int Generation { get; set; }

    /// <summary>Hash of the attendee addresses last sent (see <see cref="EventShape.AttendeesHash"/>).</summary>
    public string AttendeesHash { get; set; } = "";

    /// <summary>Hash of subject, time, place and online flag last sent (see <see cref="EventShape.DetailsHash"/>).</summary>
    public string DetailsHash { get; set; } = "";

    /// <summary>The event has a Teams meeting; it stays when the session moves.</summary>
    public bool Online { get; set; }

    public DateTime? CancelledAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
}

public static class TrainingCalendarEventTable
{
    public static DbSet<TrainingCalendarEvent> TrainingCalendarEvents(this LabDbContext db) => db.Set<TrainingCalendarEvent>();
}

internal sealed class TrainingCalendarEventConfiguration : IEntityTypeConfiguration<TrainingCalendarEvent>
{
    public void Configure(EntityTypeBuilder<TrainingCalendarEvent> e)
    {
        e.ToTable("training_calendar_events");
        e.HasKey(x => x.SessionId);
        e.Property(x => x.SessionId).ValueGeneratedNever();
        e.HasOne<TrainingSession>().WithOne().HasForeignKey<TrainingCalendarEvent>(x => x.SessionId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.EventId).HasMaxLength(300);
        e.Property(x => x.AttendeesHash).HasMaxLength(64);
        e.Property(x => x.DetailsHash).HasMaxLength(64);
    }
}
