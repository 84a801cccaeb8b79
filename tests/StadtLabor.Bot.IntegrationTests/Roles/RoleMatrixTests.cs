using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Installations;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Turns;
using StadtLabor.Bot.Roles;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Roles;

/// <summary>
/// The role matrix, through HTTP as Teams sends it: every registered card verb (as Action.Execute and as
/// Action.Submit) and every typed command, tried by one colleague of each role. Allowed ones reach their handler
/// (whatever it answers, it is not the "denied" card); denied ones get the denied card naming the role and leave
/// every table unchanged. It walks the routes the features register, so a new role-gated verb is covered the day
/// it is added.
/// </summary>
public sealed class RoleMatrixTests(RolesBot fixture) : IClassFixture<RolesBot>
{
    private static readonly TurnRoutes Routes = BuildRoutes();
    private static readonly Strings Texts = new();
    private static readonly ConcurrentDictionary<string, bool> Installed = new();

    private RolesBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static TurnRoutes BuildRoutes()
    {
        var routes = new TurnRoutes();
        foreach (var feature in Program.Features) feature.MapTurns(routes);
        return routes;
    }

    public static TheoryData<string, string> VerbCases =>
        [.. Routes.Verbs.Keys.Order(StringComparer.Ordinal).SelectMany(v => RolePersonas.All.Select(p => (v, p.Key)))];

    public static TheoryData<string, string> CommandCases =>
        [.. Routes.Commands.Select(c => c.Display).SelectMany(c => RolePersonas.All.Select(p => (c, p.Key)))];

    [Theory]
    [MemberData(nameof(VerbCases))]
    public async Task Verb_EachRole_OnlyAllowedReachTheHandler(string verb, string personaKey)
    {
        var persona = RolePersonas.Get(personaKey);
        var required = Routes.Verbs[verb].Role;
        var allowed = persona.HasObjectId ? RoleRules.Grants(persona.Held, required) : required == Role.Staff;
        var conversation = await KnownConversationAsync(persona);

        var before = await QuietSnapshotAsync();
        var invoke = await Bot.InvokeAsync(WithoutMissingId(Execute(Bot, persona.Persona, verb, conversationId: conversation), persona));
        var executed = invoke["type"]?.GetValue<string>() == Attachment ? invoke["value"] : null;
        await AssertOutcomeAsync(executed, allowed, required, before, $"{personaKey} Action.Execute {verb}");

        before = await QuietSnapshotAsync();
        var submit = WithoutMissingId(Message(Bot, persona.Persona, "", conversation), persona);
        submit.Remove("text");
        submit["value"] = new JsonObject { ["verb"] = verb };
        var reply = await SendAndReadReplyAsync(submit, conversation);
        await AssertOutcomeAsync(CardIn(reply), allowed, required, before, $"{personaKey} Action.Submit {verb}");
    }

    [Theory]
    [MemberData(nameof(CommandCases))]
    public async Task Command_EachRole_OnlyAllowedReachTheHandler(string command, string personaKey)
    {
        var persona = RolePersonas.Get(personaKey);
        var required = Routes.Commands.Single(c => c.Display == command).Role;
        var allowed = persona.HasObjectId ? RoleRules.Grants(persona.Held, required) : required == Role.Staff;
        var conversation = await KnownConversationAsync(persona);

        var before = await QuietSnapshotAsync();
        var reply = await SendAndReadReplyAsync(WithoutMissingId(Message(Bot, persona.Persona, command, conversation), persona), conversation);

        await AssertOutcomeAsync(CardIn(reply), allowed, required, before, $"{personaKey} typed \"{command}\"");
    }

    [Fact]
    public async Task RoleGate_ConfiguredPersonas_HoldExactlyTheirRolesWithoutMemberLookups()
    {
        await using var scope = Bot.App.Services.CreateAsyncScope();
        var gate = scope.ServiceProvider.GetRequiredService<RoleGate>();

        foreach (var persona in RolePersonas.All.Where(p => p.HasObjectId))
        {
            var user = new LabUser(BotFixture.TenantId, persona.Persona.AadObjectId,
                Member: new TeamsMemberAddress(Bot.Connector.ServiceUrl, "a:roles-gate", persona.Persona.Id));
            foreach (var role in Enum.GetValues<Role>())
                Assert.True(RoleRules.Grants(persona.Held, role) == await gate.AllowsAsync(user, role, CancellationToken.None),
                    $"{persona.Key} and {role}");
        }
        // Only object ids are assigned here, so nobody's UPN is ever asked for.
        Assert.DoesNotContain(Bot.Connector.Calls, c => c.Path.Contains("/members/", StringComparison.Ordinal));
    }

    /// <summary>
    /// Without a page session (this app has no Entra sign-in configured) every page and download is closed to a
    /// request that is not a browser's page view (those are sent to sign in: Pages/PageRoleMatrixTests). A Razor page
    /// lists no methods, so it is tried with GET and POST.
    /// </summary>
    [Fact]
    public async Task Endpoints_WithoutSession_EveryPageAndExportForbidden()
    {
        var endpoints = EndpointRoles.List([Bot.App.Services.GetRequiredService<EndpointDataSource>()]);

        foreach (var endpoint in endpoints)
        {
            var path = Pages.PageRoleMatrixTests.Concrete(endpoint.Route);
            foreach (var method in endpoint.Methods.Count > 0 ? endpoint.Methods : ["GET", "POST"])
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                using var response = await Bot.Http.SendAsync(request);
                Assert.True(403 == (int)response.StatusCode, $"{method} {endpoint.Route} answered {(int)response.StatusCode}");
            }
        }
        Assert.DoesNotContain(endpoints, e => e.Route.StartsWith("/api/messages", StringComparison.Ordinal) || e.Route.StartsWith("/health", StringComparison.Ordinal));
    }

    private const string Attachment = "application/vnd.microsoft.card.adaptive";

    private async Task AssertOutcomeAsync(JsonNode? card, bool allowed, Role required, IReadOnlyList<string> before, string what)
    {
        var words = Words(card);
        var denied = words.Contains(Texts.Get("de", "denied.title"), StringComparison.Ordinal);
        if (allowed)
        {
            Assert.False(denied, $"{what}: allowed, but got the denied card");
            return;
        }
        Assert.True(denied, $"{what}: should be denied (needs {required}), got: {words}");
        Assert.Contains(Texts.Get("de", RoleRules.WordKey(required)), words, StringComparison.Ordinal);
        Assert.Equal(before, await QuietSnapshotAsync());
    }

    /// <summary>One personal chat per persona, installed once, so the snapshot does not see the first contact being remembered.</summary>
    private async Task<string> KnownConversationAsync(RolePersonas.RolePersona persona)
    {
        var conversation = "a:roles-" + persona.Persona.Id.Replace(':', '-');
        // "Meine Daten löschen" (privacy.eraseConfirmed) removes the persona's chat reference: install again when it is gone.
        if (Installed.TryAdd(conversation, true)
            || !await Bot.WithDbAsync(db => db.Installations().AnyAsync(i => i.ConversationId == conversation && i.Active)))
        {
            using var response = await Bot.PostAsync(WithoutMissingId(Install(Bot, persona.Persona, conversation), persona));
            Assert.Equal(200, (int)response.StatusCode);
            await Bot.Connector.WaitForCallsAsync(conversation, 1);
        }
        return conversation;
    }

    private async Task<ConnectorCall> SendAndReadReplyAsync(JsonObject message, string conversation)
    {
        using var response = await Bot.PostAsync(message);
        Assert.Equal(200, (int)response.StatusCode);
        var replyPath = $"/activities/{message["id"]}";
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var reply = Bot.Connector.CallsFor(conversation).FirstOrDefault(c => c.Path.EndsWith(replyPath, StringComparison.Ordinal));
            if (reply is not null) return reply;
            await Task.Delay(20);
        }
        throw new TimeoutException($"no reply to {message["id"]} in {conversation}");
    }

    /// <summary>Waits until replies and outbox messages of earlier cases are out, then reads every table.</summary>
    private async Task<IReadOnlyList<string>> QuietSnapshotAsync()
    {
        var replies = Bot.App.Services.GetRequiredService<ReplySender>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline &&
               (replies.Pending > 0 || await Bot.WithDbAsync(db => db.OutboxMessages().AnyAsync(m => m.Status == OutboxStatus.Pending))))
            await Task.Delay(20);
        return await Bot.WithDbAsync(DatabaseSnapshot.TakeAsync);
    }

    private static JsonObject WithoutMissingId(JsonObject activity, RolePersonas.RolePersona persona)
    {
        if (!persona.HasObjectId) activity["from"]!.AsObject().Remove("aadObjectId");
        return activity;
    }
}
