using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Reservations;

public enum FormMode
{
    Reserve,
    Change,
    Extend,
}

/// <summary>What the person typed into the form, as typed (kept when the form comes back with messages).</summary>
public sealed record ReservationInput(int? Quantity, string FromDate, string FromTime, string ToDate, string ToTime, string Purpose, string Place)
{
    public static ReservationInput Read(JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(CardInput.WholeNumber(data, "quantity"), CardInput.Text(data, LendingRange.FromDate), CardInput.Text(data, LendingRange.FromTime),
            CardInput.Text(data, LendingRange.ToDate), CardInput.Text(data, LendingRange.ToTime), CardInput.Text(data, "purpose"), CardInput.Text(data, "place"));
    }

    public static ReservationInput Of(LendingRange range, int quantity = 1, string purpose = "", string place = "")
    {
        var fields = new JsonObject();
        range.WriteTo(fields);
        return Read(fields) with { Quantity = quantity, Purpose = purpose, Place = place };
    }

    public bool TryRange(out LendingRange range)
    {
        var fields = new JsonObject
        {
            [LendingRange.FromDate] = FromDate,
            [LendingRange.FromTime] = FromTime,
            [LendingRange.ToDate] = ToDate,
            [LendingRange.ToTime] = ToTime,
        };
        return LendingRange.TryRead(fields, out range);
    }
}

/// <summary>A message for the form: under which field it stands ("" only in the summary) and its words.</summary>
public sealed record FormError(string Field, string Text);

/// <summary>
/// The reserve form (cards/lending/reserveForm) for one item, also for changing dates and extending: the fields that
/// apply, the lab's opening hours, what the item needs, and each message under its field and in the summary above
/// the button. The person's input is kept as typed.
/// </summary>
public sealed class ReservationForm(LabDbContext db, IOptions<LendingOptions> options, TimeProvider time)
{
    private static readonly string[] Fields = ["quantity", "from", "to", "purpose", "place"];

    /// <summary>Under which field a broken rule stands.</summary>
    public static string FieldOf(string rule) => rule switch
    {
        ReservationRules.Quantity or ReservationRules.PersonLimit or ReservationRules.NotFree => "quantity",
        ReservationRules.LeadTime or ReservationRules.MaxAdvance or ReservationRules.PickupDay or ReservationRules.PickupHours => "from",
        ReservationRules.Order or ReservationRules.MinDuration or ReservationRules.MaxDuration or ReservationRules.ReturnDay or ReservationRules.ReturnHours => "to",
        _ => "",
    };

    public static IEnumerable<FormError> Words(TurnContext turn, IEnumerable<BrokenRule> broken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(broken);
        return broken.Select(b => new FormError(FieldOf(b.Rule), turn.Format($"lendingRules.{b.Rule}", b.Values)));
    }

    /// <summary>A first suggestion: pickup on the first open day the lead time allows, at opening; return the next open day.</summary>
    public LendingRange NextOpenRange()
    {
        var o = options.Value;
        var earliest = TrainingTime.ToBerlin(time.GetUtcNow().UtcDateTime.AddHours(o.LeadHours));
        var day = DateOnly.FromDateTime(earliest);
        DateTime? pickup = null;
        for (var i = 0; i < 60 && pickup is null; i++, day = day.AddDays(1))
        {
            var at = day.ToDateTime(TimeOnly.MinValue);
            if (!ReservationRules.IsOpenDay(at, o)) continue;
            var opens = day.ToDateTime(o.HoursOn(at.DayOfWeek)!.Value.Opens);
            if (opens >= earliest) pickup = opens;
        }
        var from = pickup ?? earliest;
        var back = DateOnly.FromDateTime(from).AddDays(1);
        for (var i = 0; i < 60 && !ReservationRules.IsOpenDay(back.ToDateTime(TimeOnly.MinValue), o); i++) back = back.AddDays(1);
        var to = back.ToDateTime(o.HoursOn(back.DayOfWeek)?.Opens ?? TimeOnly.FromDateTime(from));
        return new LendingRange(TrainingTime.ToUtc(from), TrainingTime.ToUtc(to));
    }

    public async Task<VerbResult> CardAsync(TurnContext turn, LendingItem item, FormMode mode, ReservationInput input,
        IReadOnlyCollection<FormError> errors, CancellationToken ct, LendingReservation? reservation = null)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(errors);
        var o = options.Value;
        var name = CardText.Plain(item.Name);
        var needs = new JsonArray();
        if (item.NeedsApproval) needs.Add(new JsonObject { ["text"] = turn.Word("lendingReserve.form.needsApproval") });
        if (item.RequiredToolId is { } toolId)
        {
            var tool = await db.TrainingTools().AsNoTracking().Where(t => t.Id == toolId).Select(t => t.Name).SingleOrDefaultAsync(ct) ?? "";
            needs.Add(new JsonObject { ["text"] = turn.Format("lendingReserve.form.needsTraining", CardText.Plain(tool)) });
        }
        var culture = Strings.Culture(turn.Lang);
        var hours = new JsonArray();
        foreach (var day in new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday })
        {
            if (o.HoursOn(day) is not { } h) continue;
            hours.Add(new JsonObject { ["title"] = culture.DateTimeFormat.GetDayName(day), ["value"] = $"{h.Opens:HH\\:mm}–{h.Closes:HH\\:mm}" });
        }
        var err = new JsonObject();
        foreach (var field in Fields)
        {
            var text = string.Join(" ", errors.Where(e => e.Field == field).Select(e => e.Text));
            err[field] = new JsonObject { ["text"] = text, ["shown"] = text.Length > 0 && Shown(field, mode) };
        }
        var (heading, submit, verb) = mode switch
        {
            FormMode.Change => ("lendingReserve.form.changeHeading", "lendingReserve.form.submitChange", "lending.change"),
            FormMode.Extend => ("lendingReserve.form.extendHeading", "lendingReserve.form.submitExtend", "lending.extend"),
            _ => ("lendingReserve.form.reserveHeading", "lendingReserve.form.submitReserve", "lending.reserve"),
        };
        var currentReturn = mode == FormMode.Extend && reservation is not null
            ? turn.Format("lendingReserve.form.currentReturn", Wording.Moment(turn.Lang, reservation.EndsAtUtc, time.GetUtcNow().UtcDateTime))
            : "";
        return new VerbResult.Card(turn.Card("lending/reserveForm", new JsonObject
        {
            ["heading"] = turn.Format(heading, name),
            ["submitTitle"] = turn.Format(submit, name),
            ["submitVerb"] = verb,
            ["itemId"] = item.Id,
            ["reservationId"] = reservation?.Id ?? 0,
            ["needs"] = needs,
            ["currentReturn"] = currentReturn,
            ["hasCurrentReturn"] = currentReturn.Length > 0,
            ["showQuantity"] = mode == FormMode.Reserve,
            ["showPickup"] = mode != FormMode.Extend,
            ["showDetails"] = mode == FormMode.Reserve,
            ["quantityLabel"] = turn.Format("lendingReserve.form.quantity", item.Quantity),
            ["quantityRule"] = turn.Format("lendingReserve.form.quantityError", item.Quantity),
            ["form"] = new JsonObject
            {
                ["quantity"] = input.Quantity ?? 0,
                ["fromDate"] = input.FromDate,
                ["fromTime"] = input.FromTime,
                ["toDate"] = input.ToDate,
                ["toTime"] = input.ToTime,
                ["purpose"] = input.Purpose,
                ["place"] = input.Place.Length > 0 ? input.Place : o.PickupPlaces[0],
            },
            ["places"] = new JsonArray([.. o.PickupPlaces.Select(p => (JsonNode)new JsonObject { ["title"] = CardText.Plain(p), ["value"] = p })]),
            ["hours"] = hours,
            ["err"] = err,
            ["errors"] = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject { ["text"] = e.Text })]),
            ["hasErrors"] = errors.Count > 0,
        }));
    }

    /// <summary>The form for the person's existing reservation (changing its dates or extending it), its item read here.</summary>
    public async Task<VerbResult> CardAsync(TurnContext turn, LendingReservation reservation, FormMode mode, ReservationInput input,
        IReadOnlyCollection<FormError> errors, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        var item = await db.LendingItems().AsNoTracking().SingleAsync(i => i.Id == reservation.ItemId, ct);
        return await CardAsync(turn, item, mode, input, errors, ct, reservation);
    }

    private static bool Shown(string field, FormMode mode) => field switch
    {
        "quantity" or "purpose" or "place" => mode == FormMode.Reserve,
        "from" => mode != FormMode.Extend,
        _ => true,
    };
}
