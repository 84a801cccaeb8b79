using Microsoft.AspNetCore.Mvc;
using StadtLabor.Bot.Cards;
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

    /// <summary>The loan whose extend form came back with a message (its fields keep what was typed).</summary>
    public long? ExtendFailedFor { get; private set; }

    public string TypedToDate { get; private set; } = "";
    public string TypedToTime { get; private set; } = "";

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
        var outcome = await Use<ExtendLoan>().ExtendAsync(reservationId, Me, toDate?.Trim() ?? "", toTime?.Trim() ?? "", W.Lang, HttpContext.RequestAborted);
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
        ExtendFailedFor = reservationId;
        TypedToDate = toDate ?? "";
        TypedToTime = toTime ?? "";
        await LoadAsync();
        return Page();
    }

    /// <summary>The id of a loan's return-date field (the error summary links to it).</summary>
    public static string ExtendField(long reservationId) => $"extend-{reservationId}-date";

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
    private Clicker Me
    {
        get
        {
            var name = (W.DisplayName ?? "").Trim();
            if (name.Length > TrainingLimits.Name) name = name[..TrainingLimits.Name];
            return new Clicker(Person.AadObjectId, Person.TenantId, name, W.Lang);
        }
    }

    /// <summary>
    /// The card use cases and the page's reader, created the way the turn router creates card handlers: the same
    /// classes with the same scoped services (database context, outbox, clock) as everything else in this request.
    /// </summary>
    private T Use<T>() where T : class => ActivatorUtilities.GetServiceOrCreateInstance<T>(HttpContext.RequestServices);
}
