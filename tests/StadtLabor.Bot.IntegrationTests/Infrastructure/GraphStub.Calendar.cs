using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>
/// Outlook events of a mailbox as Graph keeps them: POST /users/{mailbox}/events (a transactionId seen before answers
/// with the event made then, as Exchange does, instead of a second one; isOnlineMeeting gets a Teams joinUrl),
/// GET and PATCH /users/{mailbox}/events/{id} (404 ErrorItemNotFound for an unknown id; a PATCH changes only the
/// properties it carries), POST …/events/{id}/cancel (202, the event then shows isCancelled). And the directory's
/// addresses for GET /users?$filter=id in (…)&amp;$select=id,mail,userPrincipalName (people the test registered).
/// </summary>
public sealed partial class GraphStub
{
    private readonly ConcurrentDictionary<string, List<JsonObject>> _events = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (string? Mail, string? Upn)> _calendarPeople = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _cancelComments = new(StringComparer.Ordinal);

    partial void MapCalendar(WebApplication app)
    {
        app.MapPost("/v1.0/users/{mailbox}/events", async (HttpContext http, string mailbox) =>
        {
            var body = await ReadBodyAsync(http);
            var (ev, _) = CreateEvent(mailbox, body);
            http.Response.StatusCode = 201;
            await http.Response.WriteAsJsonAsync(ev);
        });
        app.MapGet("/v1.0/users/{mailbox}/events/{id}", async (HttpContext http, string mailbox, string id) =>
        {
            if (FindEvent(mailbox, id) is not { } ev) { await NotFoundAsync(http, id); return; }
            JsonNode copy;
            lock (ev) copy = ev.DeepClone();
            await http.Response.WriteAsJsonAsync(copy);
        });
        app.MapMethods("/v1.0/users/{mailbox}/events/{id}", ["PATCH"], async (HttpContext http, string mailbox, string id) =>
        {
            var patch = await ReadBodyAsync(http);
            if (FindEvent(mailbox, id) is not { } ev) { await NotFoundAsync(http, id); return; }
            JsonNode answer;
            lock (ev)
            {
                foreach (var (name, value) in patch)
                {
                    if (name.StartsWith('@')) continue;
                    ev[name] = value?.DeepClone();
                }
                if (patch["attendees"] is JsonArray) ev["attendees"] = WithStatus(ev["attendees"]);
                if (ev["isOnlineMeeting"]?.GetValue<bool>() == true && ev["onlineMeeting"] is null) ev["onlineMeeting"] = NewMeeting();
                ev["lastModifiedDateTime"] = DateTime.UtcNow.ToString("o");
                answer = ev.DeepClone();
            }
            await http.Response.WriteAsJsonAsync(answer);
        });
        app.MapPost("/v1.0/users/{mailbox}/events/{id}/cancel", async (HttpContext http, string mailbox, string id) =>
        {
            var body = await ReadBodyAsync(http);
            if (FindEvent(mailbox, id) is not { } ev) { await NotFoundAsync(http, id); return; }
            lock (ev) ev["isCancelled"] = true;
            _cancelComments[id] = body["comment"]?.GetValue<string>() ?? body["Comment"]?.GetValue<string>() ?? "";
            http.Response.StatusCode = 202;
        });
        app.MapGet("/v1.0/users", async (HttpContext http) =>
        {
            var filter = http.Request.Query["$filter"].ToString();
            var ids = Regex.Matches(filter, "'([0-9a-fA-F-]{36})'").Select(m => m.Groups[1].Value);
            var value = new JsonArray();
            foreach (var id in ids)
            {
                if (!_calendarPeople.TryGetValue(id, out var p)) continue;
                value.Add(new JsonObject { ["id"] = id, ["mail"] = p.Mail, ["userPrincipalName"] = p.Upn });
            }
            await http.Response.WriteAsJsonAsync(new JsonObject { ["@odata.context"] = "$metadata#users(id,mail,userPrincipalName)", ["value"] = value });
        });
    }

    /// <summary>A person the directory knows (by Entra object id), with a mail address and/or UPN.</summary>
    public void AddPerson(string objectId, string? mail, string? upn = null) => _calendarPeople[objectId] = (mail, upn ?? mail);

    /// <summary>The events of a mailbox (copies), oldest first.</summary>
    public IReadOnlyList<JsonObject> EventsOf(string mailbox)
    {
        if (!_events.TryGetValue(mailbox, out var list)) return [];
        lock (list) return [.. list.Select(e => { lock (e) return e.DeepClone().AsObject(); })];
    }

    /// <summary>The attendee addresses of an event, sorted.</summary>
    public static IReadOnlyList<string> Attendees(JsonObject ev) =>
        [.. (ev["attendees"] as JsonArray ?? []).Select(a => a?["emailAddress"]?["address"]?.GetValue<string>() ?? "").Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The comment the organiser sent with the cancellation of an event (null: not cancelled).</summary>
    public string? CancelComment(string eventId) => _cancelComments.TryGetValue(eventId, out var c) ? c : null;

    /// <summary>Someone deletes the event in the mailbox (Outlook): Graph answers 404 for it from then on.</summary>
    public void DeleteEvent(string mailbox, string eventId)
    {
        if (!_events.TryGetValue(mailbox, out var list)) return;
        lock (list) list.RemoveAll(e => e["id"]?.GetValue<string>() == eventId);
    }

    /// <summary>
    /// The next create is carried out but answered with an error (e.g. 504): to the bot it looks failed, as when the
    /// connection drops or the bot crashes between Graph's answer and its own commit.
    /// </summary>
    public void CreateThenFail(string mailbox, int status = 504) =>
        Then(r => r.Method == "POST" && r.Path.Value?.EndsWith("/events", StringComparison.Ordinal) == true
                && (MailboxOf(r.Path.Value) ?? "").Equals(mailbox, StringComparison.OrdinalIgnoreCase),
            async http =>
            {
                CreateEvent(mailbox, await ReadBodyAsync(http));
                await ErrorAsync(http, status, status == 504 ? "GatewayTimeout" : "generalException", "scripted: created, then failed");
            });

    private (JsonObject Event, bool Existed) CreateEvent(string mailbox, JsonObject body)
    {
        var list = _events.GetOrAdd(mailbox, _ => []);
        lock (list)
        {
            var transactionId = body["transactionId"]?.GetValue<string>();
            if (transactionId is not null && list.FirstOrDefault(e => e["transactionId"]?.GetValue<string>() == transactionId) is { } existing)
                lock (existing) return (existing.DeepClone().AsObject(), true);
            var ev = new JsonObject();
            foreach (var (name, value) in body)
                if (!name.StartsWith('@')) ev[name] = value?.DeepClone();
            var now = DateTime.UtcNow.ToString("o");
            ev["id"] = "AAMkAGI2T" + Guid.NewGuid().ToString("N");
            ev["@odata.etag"] = "W/\"" + Guid.NewGuid().ToString("N")[..16] + "\"";
            ev["createdDateTime"] = now;
            ev["lastModifiedDateTime"] = now;
            ev["isCancelled"] = false;
            ev["isOrganizer"] = true;
            ev["organizer"] = new JsonObject { ["emailAddress"] = new JsonObject { ["address"] = mailbox } };
            ev["attendees"] = WithStatus(ev["attendees"]);
            ev["isOnlineMeeting"] ??= false;
            ev["onlineMeeting"] = ev["isOnlineMeeting"]!.GetValue<bool>() ? NewMeeting() : null;
            list.Add(ev);
            return (ev.DeepClone().AsObject(), false);
        }
    }

    private JsonObject? FindEvent(string mailbox, string id)
    {
        if (!_events.TryGetValue(mailbox, out var list)) return null;
        lock (list) return list.FirstOrDefault(e => e["id"]?.GetValue<string>() == id);
    }

    /// <summary>Graph adds each attendee's response status (none until they answer).</summary>
    private static JsonArray WithStatus(JsonNode? attendees)
    {
        var result = new JsonArray();
        foreach (var a in attendees as JsonArray ?? [])
        {
            if (a?.DeepClone() is not JsonObject copy) continue;
            copy["status"] ??= new JsonObject { ["response"] = "none", ["time"] = "0001-01-01T00:00:00Z" };
            result.Add(copy);
        }
        return result;
    }

    private static JsonObject NewMeeting() =>
        new() { ["joinUrl"] = $"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{Guid.NewGuid():N}%40thread.v2/0" };

    private static async Task<JsonObject> ReadBodyAsync(HttpContext http)
    {
        http.Request.Body.Position = 0;
        return await JsonNode.ParseAsync(http.Request.Body) as JsonObject ?? [];
    }

    private static Task NotFoundAsync(HttpContext http, string id) =>
        ErrorAsync(http, 404, "ErrorItemNotFound", $"The specified object was not found in the store. ({id.Length} chars)");
}
