using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Graph.Models;

namespace StadtLabor.Bot.Features.Trainings.Calendar;

/// <summary>A person to invite: the address Exchange knows them by, and the name the registration holds.</summary>
public sealed record Invitee(string Address, string Name);

/// <summary>What the event shows about the session (subject, time, place, text, online or not).</summary>
public sealed record EventDetails(string Subject, DateTime StartUtc, DateTime EndUtc, string Location, bool Online, string Body)
{
    public static EventDetails Of(TrainingSession s, string toolName, string body)
    {
        ArgumentNullException.ThrowIfNull(s);
        var subject = toolName.Length > 0 && !s.Title.Contains(toolName, StringComparison.OrdinalIgnoreCase) ? $"{s.Title} ({toolName})" : s.Title;
        return new(subject, s.StartsAtUtc, s.EndsAtUtc, s.Place, IsOnline(s), body);
    }

    /// <summary>A session with an online link is an online session: its invitation carries a Teams meeting.</summary>
    public static bool IsOnline(TrainingSession s) => s.OnlineUrl.Length > 0;
}

/// <summary>
/// The Graph requests for a session's event, as pure functions: the new event, the attendee update (attendees only,
/// so Exchange tells only those who were added or removed), the move (time, place, subject, text; never the online
/// meeting, which would give everyone a new link), and the hashes that tell whether anything changed.
/// </summary>
public static class EventShape
{
    private const string Utc = "UTC";
    private const string GraphTime = "yyyy-MM-ddTHH:mm:ss.fffffff";

    /// <summary>
    /// The same for every attempt at the same event, so Graph answers a repeated create (a retry, or a crash after
    /// the call and before our commit) with the event it already made instead of a second one.
    /// </summary>
    public static string TransactionId(string mailbox, long sessionId, int generation)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        var seed = string.Create(CultureInfo.InvariantCulture, $"stadtlabor:training-session:{mailbox.ToUpperInvariant()}:{sessionId}:{generation}");
        return new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(seed)).AsSpan(0, 16)).ToString();
    }

    public static Event New(EventDetails d, IReadOnlyCollection<Invitee> invitees, string transactionId)
    {
        ArgumentNullException.ThrowIfNull(d);
        var e = Details(d, includeOnline: d.Online);
        e.Attendees = Attendees(invitees);
        e.TransactionId = transactionId;
        // Answers in Outlook do not change the booking (that happens in Teams), so nobody is asked for one.
        e.ResponseRequested = false;
        e.AllowNewTimeProposals = false;
        e.ShowAs = FreeBusyStatus.Busy;
        return e;
    }

    /// <summary>Only the attendee list: a PATCH with it invites the new and uninvites the removed, nobody else hears.</summary>
    public static Event AttendeesOnly(IReadOnlyCollection<Invitee> invitees) => new() { Attendees = Attendees(invitees) };

    /// <summary>Time, place, subject and text; the Teams meeting is added when the session became online, never removed.</summary>
    public static Event Details(EventDetails d, bool includeOnline)
    {
        ArgumentNullException.ThrowIfNull(d);
        var e = new Event
        {
            Subject = d.Subject,
            Body = new ItemBody { ContentType = BodyType.Text, Content = d.Body },
            Start = Time(d.StartUtc),
            End = Time(d.EndUtc),
            Location = new Location { DisplayName = d.Location },
        };
        if (includeOnline)
        {
            e.IsOnlineMeeting = true;
            e.OnlineMeetingProvider = OnlineMeetingProviderType.TeamsForBusiness;
        }
        return e;
    }

    public static string AttendeesHash(IEnumerable<string> addresses) =>
        Hash(string.Join('\n', addresses.Select(a => a.Trim().ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal)));

    public static string DetailsHash(EventDetails d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return Hash(string.Create(CultureInfo.InvariantCulture,
            $"{d.Subject}\n{d.StartUtc.Ticks}\n{d.EndUtc.Ticks}\n{d.Location}\n{d.Online}"));
    }

    /// <summary>What an event Graph returned shows (for a create that Graph answered with the event it had made before).</summary>
    public static EventDetails DetailsOf(Event e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Subject ?? "", ParseUtc(e.Start), ParseUtc(e.End), e.Location?.DisplayName ?? "", e.IsOnlineMeeting == true, "");
    }

    public static IEnumerable<string> AddressesOf(Event e) =>
        (e?.Attendees ?? []).Select(a => a.EmailAddress?.Address).OfType<string>();

    private static List<Attendee> Attendees(IReadOnlyCollection<Invitee> invitees) =>
    [
        .. invitees.OrderBy(i => i.Address, StringComparer.OrdinalIgnoreCase).Select(i => new Attendee
        {
            Type = AttendeeType.Required,
            EmailAddress = new EmailAddress { Address = i.Address, Name = i.Name.Length > 0 ? i.Name : null },
        }),
    ];

    private static DateTimeTimeZone Time(DateTime utc) => new()
    {
        DateTime = DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString(GraphTime, CultureInfo.InvariantCulture),
        TimeZone = Utc,
    };

    /// <summary>Graph answers in UTC unless asked otherwise (Prefer: outlook.timezone), which we never do.</summary>
    private static DateTime ParseUtc(DateTimeTimeZone? t) =>
        t?.DateTime is { } s && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var v)
            ? DateTime.SpecifyKind(v, DateTimeKind.Utc)
            : DateTime.MinValue;

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
