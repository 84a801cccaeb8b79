using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StadtLabor.Bot.Graph;

public enum GraphCallStatus
{
    Pending = 0,
    Done = 1,

    /// <summary>Gave up (attempts used up, or Graph refused for good: 400/403); the lab team sees it and can retry.</summary>
    Dead = 3,
}

/// <summary>
/// A Microsoft Graph request waiting to be made (or made). Written in the same transaction as the change that causes
/// it (a seat booked, a session moved), like an outbox message, so a crash loses nothing; the worker makes the calls
/// of one <see cref="OrderKey"/> one after another in id order, within Outlook's limits for <see cref="Mailbox"/>.
/// </summary>
public sealed class GraphCall
{
    public long Id { get; set; }

    /// <summary>Which handler makes it (<see cref="IGraphCallHandler.Kind"/>), e.g. "trainings.calendar".</summary>
    public required string Kind { get; set; }

    /// <summary>Business key: the same key is enqueued once (a redelivered click adds nothing).</summary>
    public required string DedupeKey { get; set; }

    /// <summary>Calls with the same key run one at a time, oldest first (e.g. "training-session:17").</summary>
    public required string OrderKey { get; set; }

    /// <summary>The unit of Graph's throttling: the mailbox written to, or "tenant:installations".</summary>
    public required string Mailbox { get; set; }

    /// <summary>What the handler needs, as JSON (ids, never names or message text).</summary>
    public required string PayloadJson { get; set; }

    public GraphCallStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime NextAttemptAtUtc { get; set; }

    /// <summary>A worker that claimed the call owns it until then; after a crash the lease runs out and another takes over.</summary>
    public DateTime? LeaseUntilUtc { get; set; }
    public string? ClaimedBy { get; set; }

    public DateTime? DoneAtUtc { get; set; }

    /// <summary>The last failure in words for the status card (status code and Graph's error code, never content).</summary>
    public string? LastError { get; set; }
    public int? LastStatusCode { get; set; }
}

public static class GraphCallTable
{
    public static DbSet<GraphCall> GraphCalls(this StadtLabor.Bot.Data.LabDbContext db) => db.Set<GraphCall>();
}

internal sealed class GraphCallConfiguration : IEntityTypeConfiguration<GraphCall>
{
    public void Configure(EntityTypeBuilder<GraphCall> e)
    {
        e.ToTable("graph_calls");
        e.HasIndex(c => c.DedupeKey).IsUnique();
        e.HasIndex(c => new { c.Status, c.NextAttemptAtUtc });
        e.HasIndex(c => new { c.OrderKey, c.Status, c.Id });
        e.Property(c => c.Kind).HasMaxLength(64);
        e.Property(c => c.DedupeKey).HasMaxLength(300);
        e.Property(c => c.OrderKey).HasMaxLength(200);
        e.Property(c => c.Mailbox).HasMaxLength(256);
        e.Property(c => c.ClaimedBy).HasMaxLength(100);
        e.Property(c => c.LastError).HasMaxLength(500);
        e.Property(c => c.Status).HasConversion<int>();
    }
}
