namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// What a click on a seat button did (or why it did nothing). The use cases return these; <see cref="SessionView.Notice"/>
/// turns them into words, in one place, for the line on top of the refreshed card.
/// </summary>
public abstract record SeatOutcome
{
    private SeatOutcome()
    {
    }

    public sealed record Booked : SeatOutcome;

    /// <param name="Position">1 for the first in line.</param>
    public sealed record Waitlisted(int Position) : SeatOutcome;

    public sealed record AlreadyBooked : SeatOutcome;

    public sealed record AlreadyWaitlisted(int Position) : SeatOutcome;

    /// <summary>Gave back a booked seat; it went to the waitlist.</summary>
    public sealed record Cancelled : SeatOutcome;

    public sealed record LeftWaitlist : SeatOutcome;

    /// <summary>Said no to an offer (also by "Abmelden" while holding one).</summary>
    public sealed record Declined : SeatOutcome;

    /// <summary>Took the seat offered.</summary>
    public sealed record Accepted : SeatOutcome;

    /// <summary>The offer ran out, was answered already, or was never made to this person.</summary>
    public sealed record OfferGone : SeatOutcome;

    public sealed record SessionStarted : SeatOutcome;

    public sealed record SessionCancelled : SeatOutcome;

    /// <summary>A booked seat after the cancel deadline: nothing changes, the card says whom to tell.</summary>
    public sealed record TooLateToCancel(DateTime DeadlineUtc) : SeatOutcome;

    /// <summary>Nothing to cancel: no booking, offer or waitlist place.</summary>
    public sealed record NotRegistered : SeatOutcome;
}
