using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.OutboxHelpers;

namespace StadtLabor.Bot.IntegrationTests.Outbox;

/// <summary>
/// The fan-out run of issue 3: 2,000 people and one busy channel, against a stub that enforces Teams' limits.
/// It asserts correctness (each message exactly once, hardly any throttling); the speed figures are written to
/// .artifacts/fanout.txt for the closing note, not asserted.
/// </summary>
[Collection(OutboxRunsAlone.Name)]
public sealed class FanOutLoadTests(FanOutBot bot) : IClassFixture<FanOutBot>
{
    private const int People = 2000;
    private const int ToOneConversation = 200;

    [Fact]
    public async Task FanOut_2000PeopleAnd200ToOneChannel_EachDeliveredOnceWithinLimits()
    {
        if (bot.Unavailable is { } reason) Assert.Skip(reason);
        var people = Enumerable.Range(0, People).Select(i => ($"a:fan-{i:D4}", $"fan-user-{i:D4}")).ToList();
        await SeedPersonalInstallationsAsync(bot.App.Services, bot.Connector.ServiceUrl, people);
        await WarmUpAsync();
        var limits = new TeamsLimits(FanOutBot.Scale);
        bot.Connector.EnforceLimits(limits);
        const string channel = "19:busy-channel@thread.tacv2";

        var clock = Stopwatch.StartNew();
        await EnqueueAsync(bot.App.Services, async w =>
        {
            for (var i = 0; i < ToOneConversation; i++)
                await w.ToConversationAsync($"load.channel:{i}", BotFixture.TenantId, bot.Connector.ServiceUrl, channel, Text($"channel-{i}"), default);
            await w.ToUsersAsync(BotFixture.TenantId, people.Select(p => ($"load.user:{p.Item2}", p.Item2, Text($"user-{p.Item2}"))), default);
        });

        var enqueued = clock.Elapsed;
        var expected = People + ToOneConversation;
        var minimum = limits.MinimumFor(ToOneConversation, People);
        var deadline = DateTime.UtcNow + minimum * 4 + TimeSpan.FromSeconds(180);
        while (bot.Connector.Calls.Count < expected && DateTime.UtcNow < deadline) await Task.Delay(100);
        clock.Stop();
        await Task.Delay(500);

        var texts = bot.Connector.Calls.Where(c => c.Method == "POST").Select(c => c.Body!["text"]!.GetValue<string>()).ToList();
        var duplicates = texts.Count - texts.Distinct().Count();
        var channelTimes = bot.Connector.CallsFor(channel).Select(c => c.At).ToList();
        var figures = string.Join(Environment.NewLine,
            $"fan-out run {DateTime.UtcNow:u}, time scale {FanOutBot.Scale.ToString(CultureInfo.InvariantCulture)} (1 = Teams' real limits)",
            $"messages: {expected} ({People} people, {ToOneConversation} to one channel); delivered distinct: {texts.Distinct().Count()}, duplicates: {duplicates}",
            $"elapsed: {clock.Elapsed.TotalSeconds:F1} s; minimum the limits allow: {minimum.TotalSeconds:F1} s; ratio {clock.Elapsed / minimum:F2}",
            $"of which enqueueing (one unit of work, before the first claim): {enqueued.TotalSeconds:F1} s; sending alone: {(clock.Elapsed - enqueued).TotalSeconds:F1} s, ratio {(clock.Elapsed - enqueued) / minimum:F2}",
            $"one channel: {channelTimes.Count} in {(channelTimes.Count > 1 ? (channelTimes.Max() - channelTimes.Min()).TotalSeconds : 0):F1} s",
            $"throughput: {expected / clock.Elapsed.TotalSeconds:F1} msg/s against a tenant bound of {limits.TenantPerSecond / FanOutBot.Scale:F0} msg/s (scaled)",
            $"channel gaps over 1 s: {string.Join(", ", channelTimes.Order().Zip(channelTimes.Order().Skip(1)).Select((p, i) => (i, Gap: (p.Second - p.First).TotalSeconds)).Where(g => g.Gap > 1).Select(g => $"#{g.i + 1}: {g.Gap:F1}s"))}",
            $"429 answers from the stub: {bot.Connector.Throttled} (channel {bot.Connector.ThrottledConversations.GetValueOrDefault(channel)}, others {bot.Connector.ThrottledConversations.Where(p => p.Key != channel).Sum(p => p.Value)} in {bot.Connector.ThrottledConversations.Count(p => p.Key != channel)} chats)");
        WriteFigures(figures);
        var problems = bot.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Warning", StringComparison.Ordinal)).Take(5);
        Assert.True(texts.Count > 0, string.Join(Environment.NewLine, problems));

        Assert.Equal(expected, texts.Distinct().Count());
        Assert.Equal(0, duplicates);
        // A handful: at most 1 % of the requests (the pacing leaves headroom, but arrival jitter on a loaded 2-core test
        // machine can still bunch a few requests into one window).
        Assert.True(bot.Connector.Throttled <= expected / 100, $"stub throttled {bot.Connector.Throttled} times");
        Assert.Equal(expected, await bot.WithDbAsync(db => db.OutboxMessages().CountAsync(m => m.DedupeKey.StartsWith("load.") && m.Status == OutboxStatus.Sent)));
    }

    /// <summary>
    /// A bot that has been running: the first send through a cold process (JIT, EF Core compiling its queries, new
    /// connections) took over a second, and every later 30 s window of the busy channel repeated that gap.
    /// </summary>
    private async Task WarmUpAsync()
    {
        await SeedPersonalInstallationsAsync(bot.App.Services, bot.Connector.ServiceUrl, [("a:fan-warm-up", "fan-warm-up")]);
        await EnqueueAsync(bot.App.Services, w => w.ToUserAsync("fan-out.warm-up", BotFixture.TenantId, "fan-warm-up", Text("warm-up"), default));
        await WaitForStatusAsync(bot, "fan-out.warm-up", OutboxStatus.Sent);
        bot.Connector.Reset();
    }

    private static void WriteFigures(string figures)
    {
        var root = StadtLabor.Bot.Tests.Protocol.ActivitySchemaCheck.FindRepoRoot();
        Directory.CreateDirectory(Path.Combine(root, ".artifacts"));
        File.WriteAllText(Path.Combine(root, ".artifacts", "fanout.txt"), figures + Environment.NewLine);
        TestContext.Current.SendDiagnosticMessage(figures);
    }
}
