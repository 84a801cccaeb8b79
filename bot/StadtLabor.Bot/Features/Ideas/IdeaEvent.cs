using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StadtLabor.Bot.Features.Ideas;

public enum IdeaEventKind
{
    Submitted = 0,
    Assigned = 1,
    StatusChanged = 2,
    Comment = 3,
    Merged = 4,
    Tagged = 5,
    Escalated = 6,
}

/// <summary>
/// The history of an idea: status changes, assignments, comments, merges, escalations. A comment is public (the
/// submitter and supporters read it, and everyone browsing ideas) or internal (Lotsen and Innovation only, never on a
/// staff card). A status change may carry a public text (a rejection's reason, which is required). The event's id keys
/// the messages it causes ("ideas.notice:{eventId}:{user}"), so each change is told once.
/// </summary>
public sealed class IdeaEvent
{
    public long Id { get; set; }
    public long IdeaId { get; set; }
    public IdeaEventKind Kind { get; set; }

    /// <summary>Readable by staff (and sent to the idea's people); false: Lotsen and Innovation only.</summary>
    public bool Public { get; set; }

    public IdeaStatus? FromStatus { get; set; }
    public IdeaStatus? ToStatus { get; set; }

    /// <summary>A comment, a rejection's reason; empty when the event has none.</summary>
    public string Text { get; set; } = "";

    /// <summary>For Merged: the other idea. For Assigned: unused (the name is in ActorName/AssigneeName).</summary>
    public long? OtherIdeaId { get; set; }

    /// <summary>Who did it (a Lotse, Innovation; empty for the submitter's own intake and for jobs).</summary>
    public string? ActorAadObjectId { get; set; }
    public string ActorName { get; set; } = "";

    /// <summary>For Assigned: to whom.</summary>
    public string? AssigneeAadObjectId { get; set; }
    public string AssigneeName { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }
}

internal sealed class IdeaEventConfiguration : IEntityTypeConfiguration<IdeaEvent>
{
    public void Configure(EntityTypeBuilder<IdeaEvent> e)
    {
        e.ToTable("idea_events");
        e.HasIndex(v => new { v.IdeaId, v.Id });
        e.HasIndex(v => v.ActorAadObjectId);
        e.HasIndex(v => v.AssigneeAadObjectId);
        e.HasOne<Idea>().WithMany().HasForeignKey(v => v.IdeaId).OnDelete(DeleteBehavior.Cascade);
        e.Property(v => v.Kind).HasConversion<int>();
        e.Property(v => v.FromStatus).HasConversion<int?>();
        e.Property(v => v.ToStatus).HasConversion<int?>();
        e.Property(v => v.Text).HasMaxLength(IdeaLimits.Comment);
        e.Property(v => v.ActorAadObjectId).HasMaxLength(64);
        e.Property(v => v.ActorName).HasMaxLength(IdeaLimits.Name);
        e.Property(v => v.AssigneeAadObjectId).HasMaxLength(64);
        e.Property(v => v.AssigneeName).HasMaxLength(IdeaLimits.Name);
    }
}
