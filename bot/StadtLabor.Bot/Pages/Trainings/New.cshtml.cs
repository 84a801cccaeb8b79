using Microsoft.AspNetCore.Mvc;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Features.Trainings.Admin;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Pages.Trainings;

/// <summary>
/// /labor/schulungen/neu: a new session, published through the card's own use case (CreateSession.CreateAsync): the
/// same checks, the same "same submit twice is one session", the same notices to those who asked for the tool.
/// </summary>
[LabRole(Role.LabTeam)]
public sealed class NewModel(LabDbContext db, SessionFormCard formCard, Strings strings, TimeProvider time)
    : SessionEditorModel(db, formCard, strings, time)
{
    public override bool IsEdit => false;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Form = SessionForm.Blank(NowUtc);
        await LoadToolsAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var form = ReadForm();
        var create = ActivatorUtilities.GetServiceOrCreateInstance<CreateSession>(HttpContext.RequestServices);
        var outcome = await create.CreateAsync(form, Person.AadObjectId, Words, ct);
        switch (outcome)
        {
            case CreateOutcome.Refused refused:
                Refused(form, refused.Check);
                await LoadToolsAsync(ct);
                return Page();
            case CreateOutcome.Created:
                // Back to the calendar at the session's month, where the new entry now stands.
                return Done(CreateSession.Notice(Words, outcome), $"/labor/schulungen?datum={form.Date}");
            case CreateOutcome.Duplicate duplicate:
                return Done(CreateSession.Notice(Words, outcome), $"/labor/schulungen/{duplicate.SessionId}");
            default:
                throw new InvalidOperationException("Unknown outcome " + outcome.GetType().Name);
        }
    }
}
