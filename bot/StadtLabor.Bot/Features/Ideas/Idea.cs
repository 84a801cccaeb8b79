using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Ideas;

/// <summary>
/// Where an idea stands. Submitted → InReview → Accepted → Done, or Rejected (with a reason the submitter reads), or
/// Merged into another idea (its people carried over). Rejected, Done and Merged are closed: the retention period runs
/// from then.
/// </summary>
public enum IdeaStatus
{
    Submitted = 0,
    InReview = 1,
    Accepted = 2,
    Done = 3,
    Rejected = 4,
    Merged = 5,
}

public static class IdeaStatuses
{
    public static bool IsClosed(this IdeaStatus status) => status is IdeaStatus.Done or IdeaStatus.Rejected or IdeaStatus.Merged;

    /// <summary>The word key part: ideas.status.submitted, ideas.status.inReview, ...</summary>
    public static string Key(this IdeaStatus status) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(status.ToString());
}

/// <summary>Lengths the cards allow and the database holds (the inputs' maxLength says the same).</summary>
public static class IdeaLimits
{
    public const int Title = 120;
    public const int Description = 2000;
    public const int Department = 80;
    public const int Tags = 200;
    public const int Comment = 1000;
    public const int Name = 200;
    public const int MinTitle = 5;
}

/// <summary>
/// An idea. It holds no person: who submitted it is in <see cref="IdeaAuthor"/> (kept apart, so an anonymous idea's
/// row says nothing about its submitter), who supports it in <see cref="IdeaSupport"/>. The assigned Lotse acts in a
/// role and is named on the Lotsen's cards, so they are here.
/// </summary>
public sealed class Idea
{
    /// <summary>Also the number people see and type ("#12").</summary>
    public long Id { get; set; }

    public required string Title { get; set; }
    public required string Description { get; set; }

    /// <summary>Whom it helps: a department from Ideas:Departments, or empty for "alle" (everyone). The Lotsen may correct it.</summary>
    public string Department { get; set; } = "";

    /// <summary>Tags set by the Lotsen, comma-separated, lower case, without spaces around commas.</summary>
    public string Tags { get; set; } = "";

    public IdeaStatus Status { get; set; }

    /// <summary>Submitted anonymously: no card, export, log or page names a submitter (see IdeaAuthor).</summary>
    public bool Anonymous { get; set; }

    public string TenantId { get; set; } = "";

    /// <summary>The Lotse looking after it (object id and name as Teams gave it when they took it), or none.</summary>
    public string? AssignedAadObjectId { get; set; }
    public string? AssignedName { get; set; }

    /// <summary>For Merged: the idea it went into.</summary>
    public long? MergedIntoId { get; set; }

    /// <summary>Supporters, kept with the idea under the lock so lists can sort by it without counting.</summary>
    public int SupportCount { get; set; }

    public DateTime SubmittedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>The Berlin working day by which the first public answer is due (IdeaDeadline), fixed at intake.</summary>
    public DateOnly FirstResponseDueOn { get; set; }

    /// <summary>When the first public answer (a public comment or a status change the submitter was told of) went out.</summary>
    public DateTime? FirstPublicAnswerAtUtc { get; set; }

    /// <summary>How far the missing first answer was escalated: 0 not, 1 the assigned Lotse, 2 the channel, 3 the innovation department.</summary>
    public int EscalationLevel { get; set; }

    public DateTime? ClosedAtUtc { get; set; }

    /// <summary>
    /// Makes the same submit arriving twice (Teams re-delivers, a double click) one idea: a hash of the person and the
    /// form's draft id, which says nothing about the person without the draft id (not stored).
    /// </summary>
    public string IntakeKey { get; set; } = "";

    /// <summary>
    /// Raised by every change (under <see cref="IdeaLock"/>). Lotsen cards carry the version they showed: a change made
    /// from an older card is refused with the new state, so two Lotsen acting at once never overwrite each other unseen.
    /// </summary>
    public int Version { get; set; }
}

public static class IdeaTables
{
    public static DbSet<Idea> Ideas(this LabDbContext db) => db.Set<Idea>();
    public static DbSet<IdeaAuthor> IdeaAuthors(this LabDbContext db) => db.Set<IdeaAuthor>();
    public static DbSet<IdeaSupport> IdeaSupports(this LabDbContext db) => db.Set<IdeaSupport>();
    public static DbSet<IdeaEvent> IdeaEvents(this LabDbContext db) => db.Set<IdeaEvent>();
    public static DbSet<IdeaLotse> IdeaLotsen(this LabDbContext db) => db.Set<IdeaLotse>();
}

internal sealed class IdeaConfiguration : IEntityTypeConfiguration<Idea>
{
    public void Configure(EntityTypeBuilder<Idea> e)
    {
        e.ToTable("ideas");
        e.HasIndex(i => new { i.Status, i.SubmittedAtUtc });
        e.HasIndex(i => i.IntakeKey).IsUnique();
        e.HasIndex(i => i.AssignedAadObjectId);
        e.HasIndex(i => i.FirstResponseDueOn);
        e.Property(i => i.Title).HasMaxLength(IdeaLimits.Title);
        e.Property(i => i.Description).HasMaxLength(IdeaLimits.Description);
        e.Property(i => i.Department).HasMaxLength(IdeaLimits.Department);
        e.Property(i => i.Tags).HasMaxLength(IdeaLimits.Tags);
        e.Property(i => i.TenantId).HasMaxLength(64);
        e.Property(i => i.AssignedAadObjectId).HasMaxLength(64);
        e.Property(i => i.AssignedName).HasMaxLength(IdeaLimits.Name);
        e.Property(i => i.IntakeKey).HasMaxLength(64);
        e.Property(i => i.Status).HasConversion<int>();
    }
}
