using System.Globalization;
using Microsoft.Extensions.Options;

namespace StadtLabor.Bot.Features.Lending;

/// <summary>Section "Lending": the lab's lending rules, changeable without a new release. Each rule has a boundary test.</summary>
public sealed class LendingOptions
{
    public const string Section = "Lending";

    /// <summary>
    /// When the lab hands over and takes back, per weekday, "HH:mm-HH:mm" in Europe/Berlin; a weekday left out is
    /// closed (set it to "" to close a default day). Weekends and NRW holidays are closed whatever is written here.
    /// </summary>
    public Dictionary<DayOfWeek, string> OpeningHours { get; set; } = new()
    {
        [DayOfWeek.Monday] = "08:00-16:00",
        [DayOfWeek.Tuesday] = "08:00-16:00",
        [DayOfWeek.Wednesday] = "08:00-16:00",
        [DayOfWeek.Thursday] = "08:00-17:30",
        [DayOfWeek.Friday] = "08:00-12:30",
    };

    /// <summary>Where things can be picked up (the reserve card offers these; the first is the default).</summary>
    public string[] PickupPlaces { get; set; } = ["stadtLABOR im Rathaus", "Empfang Rathaus"];

    /// <summary>Shortest loan, in hours (pickup to return).</summary>
    public int MinHours { get; set; } = 2;

    /// <summary>Longest loan, in calendar days; an item may set a shorter or longer one (LendingItem.MaxDays).</summary>
    public int MaxDays { get; set; } = 14;

    /// <summary>A reservation must be made at least this many hours before the pickup (the lab has to pack the kit).</summary>
    public int LeadHours { get; set; } = 24;

    /// <summary>Reservations no further ahead than this many days.</summary>
    public int MaxAdvanceDays { get; set; } = 120;

    /// <summary>How many reservations (not yet returned) one person may hold at once.</summary>
    public int MaxOpenPerPerson { get; set; } = 3;

    /// <summary>A reservation not picked up by the end of its first day is released and the units offered to those waiting.</summary>
    public bool ReleaseNoShows { get; set; } = true;

    /// <summary>Conversation id of the lab team's channel for the daily pickups and returns; empty: each lab-team member's 1:1 chat.</summary>
    public string LabTeamConversationId { get; set; } = "";

    /// <summary>Largest photo the lab team can upload, in bytes.</summary>
    public int PhotoMaxBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Opening hours of a weekday, or null when the lab is closed that weekday (holidays are not looked at here).</summary>
    public (TimeOnly Opens, TimeOnly Closes)? HoursOn(DayOfWeek day) =>
        OpeningHours.TryGetValue(day, out var text) && TryParseHours(text, out var hours) ? hours : null;

    internal static bool TryParseHours(string? text, out (TimeOnly Opens, TimeOnly Closes) hours)
    {
        hours = default;
        var parts = (text ?? "").Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2) return false;
        if (!TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var opens)) return false;
        if (!TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var closes)) return false;
        if (closes <= opens) return false;
        hours = (opens, closes);
        return true;
    }
}

internal sealed class LendingOptionsValidator : IValidateOptions<LendingOptions>
{
    public ValidateOptionsResult Validate(string? name, LendingOptions o)
    {
        var errors = new List<string>();
        foreach (var (day, text) in o.OpeningHours)
        {
            if (!string.IsNullOrWhiteSpace(text) && !LendingOptions.TryParseHours(text, out _))
                errors.Add($"Lending:OpeningHours:{day} \"{text}\" must read like 08:00-16:00 (closing after opening).");
        }
        if (o.OpeningHours.Values.All(string.IsNullOrWhiteSpace))
            errors.Add("Lending:OpeningHours names no weekday: nothing could ever be picked up.");
        if (o.PickupPlaces.Length == 0 || o.PickupPlaces.Any(p => string.IsNullOrWhiteSpace(p) || p.Length > LendingLimits.Place))
            errors.Add($"Lending:PickupPlaces must list at least one place of 1 to {LendingLimits.Place} characters.");
        if (o.MinHours is < 1 or > 24 * 7) errors.Add($"Lending:MinHours {o.MinHours} must be between 1 and 168.");
        if (o.MaxDays is < 1 or > 365) errors.Add($"Lending:MaxDays {o.MaxDays} must be between 1 and 365.");
        if (o.MinHours > o.MaxDays * 24) errors.Add("Lending:MinHours is longer than Lending:MaxDays.");
        if (o.LeadHours is < 0 or > 24 * 30) errors.Add($"Lending:LeadHours {o.LeadHours} must be between 0 and 720.");
        if (o.MaxAdvanceDays is < 1 or > 730) errors.Add($"Lending:MaxAdvanceDays {o.MaxAdvanceDays} must be between 1 and 730.");
        if (o.MaxOpenPerPerson is < 1 or > 100) errors.Add($"Lending:MaxOpenPerPerson {o.MaxOpenPerPerson} must be between 1 and 100.");
        if (o.PhotoMaxBytes is < 10_000 or > 10 * 1024 * 1024) errors.Add($"Lending:PhotoMaxBytes {o.PhotoMaxBytes} must be between 10000 and 10485760.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
