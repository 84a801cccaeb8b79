using System.Collections.Concurrent;
using Microsoft.Graph;

namespace StadtLabor.Bot.Features.Trainings.Calendar;

/// <summary>
/// A person's mail address by Entra object id, asked of Graph (GET /users?$filter=id in (…)&amp;$select=id,mail,
/// userPrincipalName: User.ReadBasic.All), up to 15 ids a request, kept in memory for an hour and never stored:
/// the bot keeps only object ids, and Exchange needs an address. A person Graph does not know (or who has neither
/// mail nor a usable UPN) gets no address: they are left out of the invitation and keep the .ics download.
/// </summary>
public sealed class AttendeeAddresses(TimeProvider time)
{
    /// <summary>Graph's limit for values of one "in" filter on directory objects.</summary>
    public const int PerRequest = 15;

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, (string? Address, DateTimeOffset Until)> _known = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Addresses by object id, for those who have one. Graph failures are thrown (the sync is tried again later).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ForAsync(GraphServiceClient graph, IReadOnlyCollection<string> objectIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(objectIds);
        var now = time.GetUtcNow();
        var found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var missing = new List<string>();
        foreach (var id in objectIds.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (_known.TryGetValue(id, out var entry) && entry.Until > now)
            {
                if (entry.Address is { } a) found[id] = a;
            }
            else if (Guid.TryParse(id, out _))
            {
                missing.Add(id); // only GUIDs go into the filter: an id is never text from outside that could bend the query
            }
        }
        foreach (var chunk in missing.Chunk(PerRequest))
        {
            var answer = await graph.Users.GetAsync(r =>
            {
                r.QueryParameters.Filter = $"id in ({string.Join(',', chunk.Select(id => $"'{id}'"))})";
                r.QueryParameters.Select = ["id", "mail", "userPrincipalName"];
            }, ct);
            var users = (answer?.Value ?? []).Where(u => u.Id is not null).ToDictionary(u => u.Id!, StringComparer.OrdinalIgnoreCase);
            foreach (var id in chunk)
            {
                var address = users.TryGetValue(id, out var u) ? AddressOf(u.Mail, u.UserPrincipalName) : null;
                _known[id] = (address, now + Lifetime);
                if (address is not null) found[id] = address;
            }
        }
        return found;
    }

    /// <summary>The mail address; else the UPN, unless it is a guest's (#EXT#), which no mailbox receives.</summary>
    public static string? AddressOf(string? mail, string? upn) =>
        !string.IsNullOrWhiteSpace(mail) ? mail.Trim()
        : !string.IsNullOrWhiteSpace(upn) && upn.Contains('@', StringComparison.Ordinal) && !upn.Contains("#EXT#", StringComparison.OrdinalIgnoreCase) ? upn.Trim()
        : null;
}
