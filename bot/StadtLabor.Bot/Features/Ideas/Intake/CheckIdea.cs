using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Intake;

/// <summary>
/// "Weiter: ähnliche Ideen prüfen" on the form (ideas.check). A draft that does not pass comes back as the form
/// with each message under its field, as typed, nothing saved. Otherwise, before anything is saved, up to three
/// similar ideas: each with its status and supporters in words and "Das ist meine Idee auch" (ideas.support), or
/// "Meine ist anders" (ideas.submit, the draft on the button). With nothing similar the idea is handed in at once.
/// </summary>
public sealed class CheckIdea(LabDbContext db, IdeaForm form, SimilarIdeas similar, HandIn handIn, SubmittedView view,
    IOptions<IdeasOptions> options) : IVerbHandler
{
    /// <summary>Button titles name the idea; a long title is cut so the button stays one line or two.</summary>
    private const int ButtonTitle = 60;

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        if (Person.From(turn) is not { } person) return HandIn.UnknownUser(turn);
        var (draft, errors) = IdeaDraft.Read(data, options.Value);
        if (draft is null) return new VerbResult.Card(form.Card(turn, IdeaFormInput.Read(data, options.Value), errors));

        // The same check delivered again after it handed the idea in: that idea, not itself as "similar".
        var key = IdeaIntake.IntakeKey(person.AadObjectId, draft.DraftId);
        if (await db.Ideas().AsNoTracking().FirstOrDefaultAsync(i => i.IntakeKey == key, ct) is { } done)
            return new VerbResult.Card(view.Render(turn.Lang, done));

        var found = await similar.FindAsync(draft.Title, draft.Description, ct);
        if (found.Count == 0) return await handIn.SubmitAsync(turn, person, draft, ct);
        return new VerbResult.Card(turn.Card("ideas/similar", new JsonObject
        {
            ["intro"] = turn.Format("ideasIntake.similar.intro", CardText.Plain(draft.Title, IdeaLimits.Title)),
            ["ideas"] = await RowsAsync(turn, person, found, ct),
            ["draft"] = draft.ToData(),
        }));
    }

    private async Task<JsonArray> RowsAsync(TurnContext turn, Person person, IReadOnlyList<SimilarIdea> found, CancellationToken ct)
    {
        var ids = found.Select(s => s.IdeaId).ToList();
        // The person's own ideas (anonymous ones too: they are theirs) and those they support need no support button.
        var own = await db.IdeaAuthors().AsNoTracking().Where(a => ids.Contains(a.IdeaId) && a.UserAadObjectId == person.AadObjectId)
            .Select(a => a.IdeaId).ToListAsync(ct);
        var supported = await db.IdeaSupports().AsNoTracking().Where(s => ids.Contains(s.IdeaId) && s.UserAadObjectId == person.AadObjectId)
            .Select(s => s.IdeaId).ToListAsync(ct);
        var rows = new JsonArray();
        foreach (var idea in found)
        {
            var note = own.Contains(idea.IdeaId) ? turn.Word("ideasIntake.similar.own")
                : supported.Contains(idea.IdeaId) ? turn.Word("ideasIntake.similar.supported")
                : idea.Status.IsClosed() ? turn.Word("ideasIntake.similar.closed")
                : "";
            rows.Add(new JsonObject
            {
                ["ideaId"] = idea.IdeaId,
                ["title"] = turn.Format("ideasIntake.similar.idea", idea.IdeaId, CardText.Plain(idea.Title, IdeaLimits.Title)),
                ["status"] = turn.Format("ideasIntake.similar.status", turn.Word("ideas.status." + idea.Status.Key())),
                ["supports"] = idea.SupportCount switch
                {
                    <= 0 => turn.Word("ideasIntake.similar.supportsZero"),
                    1 => turn.Word("ideasIntake.similar.supportsOne"),
                    var n => turn.Format("ideasIntake.similar.supportsOther", n),
                },
                ["note"] = note,
                ["hasNote"] = note.Length > 0,
                ["canSupport"] = note.Length == 0,
                ["supportTitle"] = turn.Format("ideasIntake.similar.support", idea.IdeaId, CardText.Plain(idea.Title, ButtonTitle)),
            });
        }
        return rows;
    }
}
