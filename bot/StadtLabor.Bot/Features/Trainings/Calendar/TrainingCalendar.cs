using System.Globalization;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Graph;

namespace StadtLabor.Bot.Features.Trainings.Calendar;

/// <summary>
/// Where a change of seats or of a session asks for the Outlook event to follow: one queued "sync" call per change,
/// in the caller's transaction under the session lock, so a rolled-back change asks for nothing and a committed one
/// cannot be lost. The call carries only the session id: at run time it reads the session and its booked people and
/// brings the event in line (<see cref="CalendarSync"/>), so calls that pile up while Graph is down cost one request
/// when it is back, and a later call never undoes an earlier one.
/// </summary>
public sealed class TrainingCalendar(GraphCallWriter writer, IOptions<GraphOptions> options)
{
    public const string Kind = "trainings.calendar";

    /// <summary>Invitations go out: Graph on, Graph:Calendar:Enabled, an organiser mailbox.</summary>
    public bool IsOn => On(options.Value);

    public static bool On(GraphOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return o.Enabled && o.Calendar.Enabled && !string.IsNullOrWhiteSpace(o.OrganizerMailbox);
    }

    public static string OrderKey(long sessionId) => string.Create(CultureInfo.InvariantCulture, $"training-session:{sessionId}");

    /// <summary>
    /// The booked people, time, place or state of <paramref name="session"/> changed in this unit of work. Call under
    /// the session lock: its lock stamp is new for each locked change, so the dedupe key is one per change and a
    /// redelivered click that changed nothing (and so did not call this) adds nothing.
    /// </summary>
    public async Task ChangedAsync(TrainingSession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!IsOn) return;
        var key = string.Create(CultureInfo.InvariantCulture, $"{Kind}:{session.Id}:{session.LockStamp}");
        await writer.EnqueueAsync(Kind, key, OrderKey(session.Id), options.Value.OrganizerMailbox!.Trim(), new SyncPayload(session.Id), ct);
    }
}

/// <summary>The queued call's payload: which session to bring in line (an id, never a name).</summary>
public sealed record SyncPayload(long SessionId);
