using Microsoft.Extensions.Options;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>Section "Trainings": the rules the lab team may want to change without a new release.</summary>
public sealed class TrainingsOptions
{
    public const string Section = "Trainings";

    /// <summary>People can cancel until this many hours before the start; after that the card names whom to contact.</summary>
    public int CancelDeadlineHours { get; set; } = 24;

    /// <summary>
    /// How long a waitlist offer holds the seat. Close to the start an offer lasts at most half the time that is left
    /// (so the next in line still has a chance), and never past the start.
    /// </summary>
    public int OfferValidityHours { get; set; } = 24;

    /// <summary>
    /// Reminders before the start, in hours (default a day and an hour before). Real elapsed hours: "24" is exactly
    /// 24 hours before the start, also across a daylight-saving switch (then 09:00 or 11:00 the day before a 10:00
    /// session on the switch Sunday, not 10:00). See <see cref="ReminderRule"/>.
    /// </summary>
    public int[] ReminderHoursBefore { get; set; } = [24, 1];

    /// <summary>Those marked present are asked for feedback until this many days after the session.</summary>
    public int FeedbackDays { get; set; } = 7;

    /// <summary>Conversation id of the Teams channel where new sessions are announced (the app must be installed in that team).</summary>
    public string AnnounceConversationId { get; set; } = "";
}

internal sealed class TrainingsOptionsValidator : IValidateOptions<TrainingsOptions>
{
    public ValidateOptionsResult Validate(string? name, TrainingsOptions options)
    {
        var errors = new List<string>();
        if (options.CancelDeadlineHours is < 0 or > 24 * 30)
            errors.Add($"Trainings:CancelDeadlineHours {options.CancelDeadlineHours} must be between 0 and 720 hours.");
        if (options.OfferValidityHours is < 1 or > 24 * 14)
            errors.Add($"Trainings:OfferValidityHours {options.OfferValidityHours} must be between 1 and 336 hours.");
        if (options.ReminderHoursBefore.Any(h => h is < 1 or > 24 * 14))
            errors.Add("Trainings:ReminderHoursBefore must list hours between 1 and 336 (e.g. Trainings__ReminderHoursBefore__0=24).");
        if (options.ReminderHoursBefore.Distinct().Count() != options.ReminderHoursBefore.Length)
            errors.Add("Trainings:ReminderHoursBefore lists the same hour twice.");
        if (options.FeedbackDays is < 1 or > 60)
            errors.Add($"Trainings:FeedbackDays {options.FeedbackDays} must be between 1 and 60.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
