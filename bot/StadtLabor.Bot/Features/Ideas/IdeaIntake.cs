using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;

namespace StadtLabor.Bot.Features.Ideas;

/// <summary>What happened to a submitted draft.</summary>
public abstract record IntakeOutcome(Idea Idea)
{
    public sealed record Submitted(Idea Idea) : IntakeOutcome(Idea);

    /// <summary>The same form was sent before (a re-delivery, a double click): nothing new, the idea it made.</summary>
    public sealed record AlreadySubmitted(Idea Idea) : IntakeOutcome(Idea);
}

/// <summary>
/// The one way an idea comes in, from the chat card and from the message extension's dialog alike: saves the idea
/// with its author kept apart (no name stored for an anonymous one), fixes its first-response deadline, writes the
/// history's first entry and the Lotsen channel's card through the outbox, all in one transaction. The same draft
/// sent twice makes one idea (the intake key, under a lock on it).
/// </summary>
public sealed class IdeaIntake(LabDbContext db, IdeaChannel channel, IOptions<IdeasOptions> options, TimeProvider time)
{
    public async Task<IntakeOutcome> SubmitAsync(Person person, IdeaDraft draft, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(draft);
        var key = IntakeKey(person.AadObjectId, draft.DraftId);
        await using var tx = await LabTransaction.BeginAsync(db, ct);
        // Two deliveries of the same submit at once: on PostgreSQL they meet here; SQLite's write lock serialises them.
        if (db is PostgresLabDbContext)
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"ideas.intake:" + key}, 0))", ct);
        if (await db.Ideas().AsNoTracking().FirstOrDefaultAsync(i => i.IntakeKey == key, ct) is { } existing)
            return new IntakeOutcome.AlreadySubmitted(existing);

        var now = time.GetUtcNow().UtcDateTime;
        var idea = new Idea
        {
            Title = draft.Title,
            Description = draft.Description,
            Department = draft.Department,
            Anonymous = draft.Anonymous,
            TenantId = person.TenantId,
            Status = IdeaStatus.Submitted,
            SubmittedAtUtc = now,
            UpdatedAtUtc = now,
            FirstResponseDueOn = IdeaDeadline.DueOn(now, options.Value.FirstResponseWorkingDays),
            IntakeKey = key,
        };
        db.Ideas().Add(idea);
        await db.SaveChangesAsync(ct);
        db.IdeaAuthors().Add(new IdeaAuthor
        {
            IdeaId = idea.Id,
            OriginalIdeaId = idea.Id,
            UserAadObjectId = person.AadObjectId,
            TenantId = person.TenantId,
            Name = draft.Anonymous ? "" : person.Name,
            Anonymous = draft.Anonymous,
            Lang = person.Lang,
            CreatedAtUtc = now,
        });
        db.IdeaEvents().Add(new IdeaEvent { IdeaId = idea.Id, Kind = IdeaEventKind.Submitted, ToStatus = IdeaStatus.Submitted, CreatedAtUtc = now });
        await db.SaveChangesAsync(ct);
        await channel.PostNewAsync(idea, ct);
        // The channel's outbox row is only added to the unit of work: save it, or the Lotsen never see the idea.
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new IntakeOutcome.Submitted(idea);
    }

    /// <summary>Person and draft id hashed: unique per form, and without the draft id (never stored) it names nobody.</summary>
    public static string IntakeKey(string userAadObjectId, string draftId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userAadObjectId.ToLowerInvariant() + ":" + draftId)));
}
