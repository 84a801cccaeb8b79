using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Triage;

/// <summary>
/// A comment on an idea (ideasTriage.comment {ideaId, text, visibility}): "internal" for the Lotsen and Innovation
/// only, "public" for the idea's people (told through <see cref="IdeaNotices"/>; the first one is the first public
/// answer) and everyone browsing ideas. A comment adds and overwrites nothing, so it needs no version check; it still
/// runs under the <see cref="IdeaLock"/> (the version moves, so the channel card's update is new). The same text sent
/// again by the same person right after (Teams re-delivers) is saved once.
/// </summary>
public sealed class CommentIdea(LabDbContext db, LotsenDirectory lotsen, IdeaChannel channel, IdeaNotices notices, TriageReply reply,
    TimeProvider time) : IVerbHandler
{
    public const string Public = "public";
    public const string Internal = "internal";

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Person.From(turn) is not { } person) return TriageAnswers.UnknownUser(turn);
        var visibility = CardInput.Text(data, "visibility");
        if (!CardInput.TryGetId(data, "ideaId", out var ideaId) || visibility is not (Public or Internal)) return TriageAnswers.BadRequest(turn);
        await lotsen.SeenAsync(person, ct);
        var text = CardInput.Text(data, "text");
        if (CheckText(text) is not TriageText.Fine and var problem)
        {
            var error = problem == TriageText.Missing ? turn.Word("ideasTriage.show.commentError") : turn.Format("ideasTriage.show.commentTooLong", IdeaLimits.Comment);
            return await reply.AnswerAsync(turn, ideaId, TriageNotice.None, ct, new TriageState(CommentError: error, Comment: text, Visibility: visibility));
        }
        if (await CommentAsync(person, ideaId, text, visibility == Public, ct) is not { } outcome) return TriageAnswers.BadRequest(turn);
        return await reply.AnswerAsync(turn, ideaId, outcome.Notice, ct);
    }

    public static TriageText CheckText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim().Length == 0 ? TriageText.Missing : text.Length > IdeaLimits.Comment ? TriageText.TooLong : TriageText.Fine;
    }

    /// <summary>The comment itself, for the card and the ideas board (the text checked with <see cref="CheckText"/> first). Null: no such idea.</summary>
    public async Task<TriageOutcome?> CommentAsync(Person person, long ideaId, string text, bool isPublic, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        await using var locked = await IdeaLock.EnterAsync(db, ideaId, ct);
        if (locked is null) return null;
        var idea = locked.Idea;
        var last = await db.IdeaEvents().AsNoTracking().Where(e => e.IdeaId == ideaId).OrderByDescending(e => e.Id)
            .Select(e => new { e.Kind, e.ActorAadObjectId, e.Text, e.Public }).FirstOrDefaultAsync(ct);
        if (last is not null && last.Kind == IdeaEventKind.Comment && last.ActorAadObjectId == person.AadObjectId && last.Text == text && last.Public == isPublic)
            return TriageOutcome.Not(TriageNotice.Of("ideasTriage.done.commentAgain"));

        var now = time.GetUtcNow().UtcDateTime;
        var comment = new IdeaEvent
        {
            IdeaId = idea.Id,
            Kind = IdeaEventKind.Comment,
            Public = isPublic,
            Text = text,
            ActorAadObjectId = person.AadObjectId,
            ActorName = person.Name,
            CreatedAtUtc = now,
        };
        idea.UpdatedAtUtc = now;
        if (isPublic) idea.FirstPublicAnswerAtUtc ??= now;
        db.IdeaEvents().Add(comment);
        await db.SaveChangesAsync(ct);
        await notices.SendAsync(idea, comment, ct);
        await channel.RefreshAsync(idea, ct);
        await locked.CommitAsync(ct);
        return TriageOutcome.Did(TriageNotice.Of(isPublic ? "ideasTriage.done.commentPublic" : "ideasTriage.done.commentInternal"));
    }
}
