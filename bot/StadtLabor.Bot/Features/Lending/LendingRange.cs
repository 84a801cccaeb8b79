using System.Globalization;
using System.Text.Json.Nodes;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending;

/// <summary>
/// Pickup and return as people enter them: Input.Date ("2026-12-08") and Input.Time ("09:30") in Europe/Berlin,
/// read from card fields fromDate/fromTime/toDate/toTime, and written back into cards the same way so a form
/// keeps what was typed. Stored as UTC instants.
/// </summary>
public readonly record struct LendingRange(DateTime FromUtc, DateTime ToUtc)
{
    public const string FromDate = "fromDate";
    public const string FromTime = "fromTime";
    public const string ToDate = "toDate";
    public const string ToTime = "toTime";

    public DateTime FromBerlin => TrainingTime.ToBerlin(FromUtc);
    public DateTime ToBerlin => TrainingTime.ToBerlin(ToUtc);

    /// <summary>False when a field is missing or not a date/time; the range may still break rules (see <see cref="ReservationRules"/>).</summary>
    public static bool TryRead(JsonObject data, out LendingRange range)
    {
        range = default;
        if (!TryLocal(CardInput.Text(data, FromDate), CardInput.Text(data, FromTime), out var from)) return false;
        if (!TryLocal(CardInput.Text(data, ToDate), CardInput.Text(data, ToTime), out var to)) return false;
        range = new LendingRange(TrainingTime.ToUtc(from), TrainingTime.ToUtc(to));
        return true;
    }

    /// <summary>The four card fields for this range, to prefill a form or carry in a button's data.</summary>
    public void WriteTo(JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        data[FromDate] = FromBerlin.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        data[FromTime] = FromBerlin.ToString("HH:mm", CultureInfo.InvariantCulture);
        data[ToDate] = ToBerlin.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        data[ToTime] = ToBerlin.ToString("HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>"Di., 8. Dez. 2026 · 09:00–Fr., 11. Dez. 12:00" as the trainings show a span.</summary>
    public string Text(string lang) => TrainingTime.Span(lang, FromUtc, ToUtc);

    private static bool TryLocal(string date, string time, out DateTime local)
    {
        local = default;
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return false;
        // Teams sends "09:30"; some clients add seconds.
        if (!TimeOnly.TryParseExact(time, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return false;
        local = d.ToDateTime(t, DateTimeKind.Unspecified);
        return true;
    }
}
