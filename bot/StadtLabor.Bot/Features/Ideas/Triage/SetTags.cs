using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Triage;

/// <summary>
/// ideasTriage.tags {ideaId, version, tags, moreTags?, department}: the Lotsen's tags (from Ideas:Tags plus free ones;
/// lower case, no doubles, together at most <see cref="IdeaLimits.Tags"/> characters) and whom the idea helps (one of
/// Ideas:Departments, or "alle"). Under the <see cref="IdeaLock"/>; the same values again change nothing, a stale card
/// changes nothing. Internal: the idea's people are not told.
/// </summary>
public sealed class SetTags(LabDbContext db, LotsenDirectory lotsen, IdeaChannel channel, TriageReply reply, IOptions<IdeasOptions> options,
    TimeProvider time) : IVerbHandler
{
    public const int TagLength = 40;

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Person.From(turn) is not { } person) return TriageAnswers.UnknownUser(turn);
        if (!CardInput.TryGetId(data, "ideaId", out var ideaId) || CardInput.WholeNumber(data, "version") is not { } version)
            return TriageAnswers.BadRequest(turn);
        await lotsen.SeenAsync(person, ct);
        var chosen = CardInput.Text(data, "tags");
        var more = CardInput.Text(data, "moreTags");
        var tags = Normalize(chosen + "," + more);
        var typed = CardInput.Text(data, "department");
        var department = typed is "" or ShowTagsForm.AllDepartments ? ""
            : options.Value.Departments.FirstOrDefault(d => string.Equals(d, typed, StringComparison.OrdinalIgnoreCase));
        var error = tags.Any(t => t.Length > TagLength) ? turn.Word("ideasTriage.tagsForm.tagTooLong")
            : string.Join(",", tags).Length > IdeaLimits.Tags ? turn.Format("ideasTriage.tagsForm.tooLong", IdeaLimits.Tags)
            : department is null ? turn.Word("ideasTriage.tagsForm.departmentError")
            : "";
        if (error.Length > 0)
        {
            if (await reply.FreshAsync(ideaId, ct) is not { } shown) return TriageAnswers.BadRequest(turn);
            return new VerbResult.Card(ShowTagsForm.Render(turn, shown, options.Value, chosen, more, typed, error));
        }

        var joined = string.Join(",", tags);
        TriageNotice notice;
        await using (var locked = await IdeaLock.EnterAsync(db, ideaId, ct))
        {
            if (locked is null) return TriageAnswers.BadRequest(turn);
            var idea = locked.Idea;
            if (idea.Tags == joined && idea.Department == department) notice = TriageNotice.Of("ideasTriage.done.tagsSame", ideaId);
            else if (locked.VersionBefore != version) notice = TriageNotice.StaleCard;
            else
            {
                var now = time.GetUtcNow().UtcDateTime;
                idea.Tags = joined;
                idea.Department = department!;
                idea.UpdatedAtUtc = now;
                db.IdeaEvents().Add(new IdeaEvent
                {
                    IdeaId = idea.Id, Kind = IdeaEventKind.Tagged, Text = joined,
                    ActorAadObjectId = person.AadObjectId, ActorName = person.Name, CreatedAtUtc = now,
                });
                await channel.RefreshAsync(idea, ct);
                await locked.CommitAsync(ct);
                notice = TriageNotice.Of("ideasTriage.done.tags", ideaId);
            }
        }
        return await reply.AnswerAsync(turn, ideaId, notice, ct);
    }

    /// <summary>Comma-separated tags as the Lotsen typed or picked them: trimmed, lower case, each once, in the order given.</summary>
    public static IReadOnlyList<string> Normalize(string text) =>
        (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(t => string.Join(' ', t.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .Distinct(StringComparer.Ordinal).ToList();
}
