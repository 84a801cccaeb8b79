using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Trainings;

public enum SessionStatus
{
    Published = 0,
    Cancelled = 1,
}

/// <summary>One date of a training: when, where, who trains, how many seats.</summary>
public sealed class TrainingSession
{
    public long Id { get; set; }
    public long ToolId { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public string Prerequisites { get; set; } = "";
    public DateTime StartsAtUtc { get; set; }
    public DateTime EndsAtUtc { get; set; }

    /// <summary>Room in the lab or town hall; empty for online-only sessions.</summary>
    public string Place { get; set; } = "";

    /// <summary>https link of an online session; empty when it takes place in a room only.</summary>
    public string OnlineUrl { get; set; } = "";
    public string Trainer { get; set; } = "";
    public int Capacity { get; set; }
    public SessionStatus Status { get; set; }

    /// <summary>
    /// Goes up when the time changes. Reminder dedupe keys include it, so a moved session gets reminders for the
    /// new time and never one for the old.
    /// </summary>
    public int ScheduleVersion { get; set; }

    /// <summary>
    /// Every change of seats starts by bumping this (see <see cref="SessionLock"/>): the row lock that serialises
    /// sign-ups, cancellations and offers of one session on PostgreSQL and SQLite alike.
    /// </summary>
    public long LockStamp { get; set; }

    public string CreatedByAadObjectId { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>When the new session was posted to the announcement channel (null: not announced).</summary>
    public DateTime? AnnouncedAtUtc { get; set; }
}

public static class TrainingSessionTable
{
    public static DbSet<TrainingSession> TrainingSessions(this LabDbContext db) => db.Set<TrainingSession>();
}

internal sealed class TrainingSessionConfiguration : IEntityTypeConfiguration<TrainingSession>
{
    public void Configure(EntityTypeBuilder<TrainingSession> e)
    {
        e.ToTable("training_sessions");
        e.HasIndex(s => s.StartsAtUtc);
        e.HasIndex(s => s.ToolId);
        e.HasOne<TrainingTool>().WithMany().HasForeignKey(s => s.ToolId).OnDelete(DeleteBehavior.Restrict);
        e.Property(s => s.Title).HasMaxLength(TrainingLimits.Title);
        e.Property(s => s.Description).HasMaxLength(TrainingLimits.Description);
        e.Property(s => s.Prerequisites).HasMaxLength(TrainingLimits.Description);
        e.Property(s => s.Place).HasMaxLength(TrainingLimits.Place);
        e.Property(s => s.OnlineUrl).HasMaxLength(TrainingLimits.Url);
        e.Property(s => s.Trainer).HasMaxLength(TrainingLimits.Name);
        e.Property(s => s.CreatedByAadObjectId).HasMaxLength(64);
    }
}
