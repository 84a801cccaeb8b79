using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Trainings.Feedback;

/// <summary>
/// One answer to "how was it?". Deliberately without a person: who answered is only a yes on their
/// <see cref="Registration.FeedbackGiven"/> (to ask once, without a time), the id is random (a running number would
/// give the order of answers), and the day, not the time, is kept here, so an answer cannot be matched to a person by
/// order or timestamp.
/// </summary>
public sealed class TrainingFeedback
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public long SessionId { get; set; }

    /// <summary>1 (poor) to 5 (very good).</summary>
    public int Rating { get; set; }
    public string Comment { get; set; } = "";
    public DateOnly SubmittedOn { get; set; }
}

public static class TrainingFeedbackTable
{
    public static DbSet<TrainingFeedback> TrainingFeedback(this LabDbContext db) => db.Set<TrainingFeedback>();
}

internal sealed class TrainingFeedbackConfiguration : IEntityTypeConfiguration<TrainingFeedback>
{
    public void Configure(EntityTypeBuilder<TrainingFeedback> e)
    {
        e.ToTable("training_feedback");
        // Given by the code, never by the database or EF: Npgsql would make time-ordered (version 7) uuids.
        e.Property(f => f.Id).ValueGeneratedNever();
        e.HasIndex(f => f.SessionId);
        e.HasOne<TrainingSession>().WithMany().HasForeignKey(f => f.SessionId).OnDelete(DeleteBehavior.Cascade);
        e.Property(f => f.Comment).HasMaxLength(TrainingLimits.Comment);
    }
}
