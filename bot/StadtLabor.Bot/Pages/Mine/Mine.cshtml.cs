using Microsoft.AspNetCore.Mvc;
using StadtLabor.Bot.Cards;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Ideas.Browse;
using StadtLabor.Bot.Features.Lending.Reservations;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;
using Clicker = StadtLabor.Bot.Features.Trainings.Person;

namespace StadtLabor.Bot.Pages.Mine;

/// <summary>
/// "Meine Termine &amp; Ausleihen" (/meine): the signed-in person's trainings (seats, waitlist places, offers),
/// reservations and loans, ideas and open surveys, with the actions the cards offer. Each action calls the very use
/// case the card verb calls (same lock, same rules, same receipt in the chat); the person is the session's, never a
/// form field, so an id edited into a form only earns the card's refusal and changes nothing.
/// </summary>
[LabRole(Role.Staff)]
public sealed class MineModel : LabPageModel
{
    public const string Route = "/meine";

    public MineData Data { get; private set; } = MineData.Empty;

    /// <summary>Why the last action changed nothing (shown once, as a warning rather than a success notice).</summary>
    [TempData]
    public string? Refusal { get; set; }

    /// <summary>The form that came back with a message ("extend-12", "change-7"); its fields keep what was typed.</summary>
    public string? FailedForm { get; private set; }

    public IReadOnlyDictionary<string, string> Typed { get; private set; } = new Dictionary<string, string>();

    /// <summary>A field's value: as typed when its form came back, otherwise as stored.</summary>
    public string Value(string form, string name, string stored) =>
        FailedForm == form && Typed.TryGetValue(name, out var typed) ? typed : stored;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCancelAsync(long sessionId) =>
        Seat(await Use<CancelSignUp>().ConfirmedAsync(sessionId, Me, HttpContext.RequestAborted));

    public async Task<IActionResult> OnPostAcceptAsync(long sessionId) =>
        Seat(await Use<AnswerOffer>().AnswerAsync(sessionId, Me, accept: true, HttpContext.RequestAborted));

    public async Task<IActionResult> OnPostDeclineAsync(long sessionId) =>
        Seat(await Use<AnswerOffer>().AnswerAsync(sessionId, Me, accept: false, HttpContext.RequestAborted));

    public async Task<IActionResult> OnPostCancelReservationAsync(long reservationId)
    {
        var outcome = await Use<CancelReservation>().ConfirmedAsync(reservationId, Me, HttpContext.RequestAborted);
        var words = W.Any(CancelReservation.WordKey(outcome));
        return outcome is CancelOutcome.Cancelled or CancelOutcome.AlreadyCancelled ? Done(words, Route) : Refused(words);
    }

    public async Task<IActionResult> OnPostExtendAsync(long reservationId, string? toDate, string? toTime)
    {
        var outcome = await Use<ExtendLoan>().ExtendAsync(reservationId, Me, T(toDate), T(toTime), W.Lang, HttpContext.RequestAborted);
        switch (outcome)
        {
            case ExtendOutcome.Extended e:
                return Done(Format("lendingReserve.done.extended", Wording.Moment(W.Lang, e.ReturnUtc)), Route);
            case ExtendOutcome.NotLent:
                return Refused(W.Any("lendingReserve.refuse.notLent"));
            case ExtendOutcome.NotYours:
                return Refused(W.Any("lendingReserve.refuse.notYours"));
            case ExtendOutcome.Unknown:
                return Refused(W.Any("lendingReserve.refuse.unknownReservation"));
        }
        // A message for the form: the page comes back (no redirect) with the typed values and the message at the field.
        var field = ExtendField(reservationId);
        var message = outcome switch
        {
            ExtendOutcome.NotLater n => Format("lendingReserve.refuse.extendLater", Wording.Moment(W.Lang, n.ReturnUtc)),
            ExtendOutcome.Broken b => string.Join(" ", b.Rules.Select(r => Format($"lendingRules.{r.Rule}", r.Values))),
            _ => W.Any("lendingReserve.form.returnMissing"),
        };
        Problem(field, message);
        return await AgainAsync($"extend-{reservationId}", new() { ["toDate"] = toDate ?? "", ["toTime"] = toTime ?? "" });
    }

    /// <summary>"Termin ändern": new pickup and return through the card's use case; a message stands at its field.</summary>
    public async Task<IActionResult> OnPostChangeAsync(long reservationId, string? fromDate, string? fromTime, string? toDate, string? toTime)
    {
        var input = new ReservationInput(null, T(fromDate), T(fromTime), T(toDate), T(toTime), "", "");
        var outcome = await Use<ChangeDates>().ChangeAsync(reservationId, Me, input, W.Lang, HttpContext.RequestAborted);
        switch (outcome)
        {
            case ChangeOutcome.Changed:
                return Done(W.Any("lendingReserve.done.changed"), Route);
            case ChangeOutcome.Unchanged:
                return Done(W.Any("lendingReserve.done.unchanged"), Route);
            case ChangeOutcome.NotBeforePickup:
                return Refused(W.Any("lendingReserve.refuse.notBeforePickup"));
            case ChangeOutcome.NotYours:
                return Refused(W.Any("lendingReserve.refuse.notYours"));
            case ChangeOutcome.Unknown:
                return Refused(W.Any("lendingReserve.refuse.unknownReservation"));
            case ChangeOutcome.Broken b:
                // Rules about the amount ("not free then") are about the dates here: they stand at the pickup.
                foreach (var rule in b.Rules)
                    Problem(ChangeField(reservationId, ReservationForm.FieldOf(rule.Rule) == "to" ? "to" : "from"), Format($"lendingRules.{rule.Rule}", rule.Values));
                break;
            default:
                Problem(ChangeField(reservationId, "from"), W.Any("lendingReserve.form.rangeMissing"));
                break;
        }
        return await AgainAsync($"change-{reservationId}", new()
        {
            ["fromDate"] = fromDate ?? "", ["fromTime"] = fromTime ?? "", ["toDate"] = toDate ?? "", ["toTime"] = toTime ?? "",
        });
    }

    /// <summary>"Unterstützung zurückziehen" on one of the ideas the person supports, through the card's <see cref="IdeaSupporting"/>.</summary>
    public async Task<IActionResult> OnPostUnsupportAsync(long ideaId)
    {
        var outcome = await Use<IdeaSupporting>().RemoveAsync(Me, ideaId, HttpContext.RequestAborted);
        var details = await Use<IdeaView>().DetailsAsync(Person.AadObjectId, W.Lang, ideaId, outcome, HttpContext.RequestAborted);
        var words = details?.Notice ?? W.Any("ideasBrowse.error.unknownIdea");
        return outcome == SupportOutcome.Removed ? Done(words, Route) : Refused(words);
    }

    /// <summary>The id of a loan's return-date field (the error summary links to it).</summary>
    public static string ExtendField(long reservationId) => $"extend-{reservationId}-date";

    /// <summary>The id of a reservation's pickup ("from") or return ("to") date field in the change form.</summary>
    public static string ChangeField(long reservationId, string which) => $"change-{reservationId}-{which}";

    private async Task<PageResult> AgainAsync(string form, Dictionary<string, string> typed)
    {
        FailedForm = form;
        Typed = typed;
        await LoadAsync();
        return Page();
    }

    private static string T(string? value) => value?.Trim() ?? "";

    private async Task LoadAsync() => Data = await Use<MineSections>().LoadAsync(Person.AadObjectId, W.Lang, HttpContext.RequestAborted);

    private RedirectResult Seat(SeatOutcome? outcome)
    {
        if (outcome is null) return Refused(W.Any("trainings.done.sessionGone"));
        var words = Use<SessionView>().Notice(outcome, W.Lang);
        return outcome is SeatOutcome.Cancelled or SeatOutcome.LeftWaitlist or SeatOutcome.Declined or SeatOutcome.Accepted or SeatOutcome.AlreadyBooked
            ? Done(words, Route)
            : Refused(words);
    }

    private RedirectResult Refused(string words)
    {
        Refusal = words;
        return Redirect(Route);
    }

    private string Format(string key, params object?[] args) =>
        HttpContext.RequestServices.GetRequiredService<Strings>().Format(W.Lang, key, args);

    /// <summary>The person as the card use cases know them: from the session (object id, tenant), in the page's language.</summary>
    private Clicker Me => new(Person.AadObjectId, Person.TenantId, Shortened(W.DisplayName), W.Lang);

    /// <summary>The name from the sign-in as the use cases store it (cut to the column's length).</summary>
    public static string Shortened(string? displayName)
    {
        var name = (displayName ?? "").Trim();
        return name.Length > TrainingLimits.Name ? name[..TrainingLimits.Name] : name;
    }

    /// <summary>
    /// The card use cases and the page's reader, created the way the turn router creates card handlers: the same
    /// classes with the same scoped services (database context, outbox, clock) as everything else in this request.
    /// </summary>
    private T Use<T>() where T : class => ActivatorUtilities.GetServiceOrCreateInstance<T>(HttpContext.RequestServices);
}
