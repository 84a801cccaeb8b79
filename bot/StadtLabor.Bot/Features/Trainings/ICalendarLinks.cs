namespace StadtLabor.Bot.Features.Trainings;

/// <summary>The .ics download link for a booked person (null: no link to show).</summary>
public interface ICalendarLinks
{
    string? UrlFor(Registration registration, TrainingSession session);
}
