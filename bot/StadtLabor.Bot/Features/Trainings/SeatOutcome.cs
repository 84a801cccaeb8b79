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

    /// <summary>Gave back a booked seat.</summary>
    /// <param name="PassedOn">The seat was offered to someone on the waitlist (false: nobody waited, it is simply free).</param>
    public sealed record Cancelled(bool PassedOn) : SeatOutcome;

    public sealed record LeftWaitlist : SeatOutcome;

    /// <summary>Said no to an offer (also by "Warteliste verlassen" on an older card while holding one).</summary>
    /// <param name="PassedOn">The seat was offered to the next in line.</param>
    public sealed record Declined(bool PassedOn) : SeatOutcome;

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
