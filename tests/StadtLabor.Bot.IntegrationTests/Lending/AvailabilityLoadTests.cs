using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.IntegrationTests.Trainings;

namespace StadtLabor.Bot.IntegrationTests.Lending;

/// <summary>
/// How long "how many are free" takes with years of history: 200 items (10 of them kits) and 5 years of generated
/// reservations when STADTLABOR_LENDING_LOAD=full (the figure in the closing note, goal under 50 ms per query), a
/// small smoke (20 items, 1 year) otherwise. Asserts correctness only (the answers against a count by hand); times
/// go to .artifacts/lending-availability.txt.
/// </summary>
public abstract class AvailabilityLoadTests<TBot>(TBot fixture) where TBot : BotFixture
{
    private static readonly bool Full = Environment.GetEnvironmentVariable("STADTLABOR_LENDING_LOAD") == "full";
    private static readonly int ItemCount = Full ? 200 : 20;
    private static readonly int Years = Full ? 5 : 1;

    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    [Fact]
    public async Task Availability_YearsOfHistory_AnswersMatchACountByHand()
    {
        var now = DateTime.UtcNow;
        var (ids, rows) = await SeedAsync(now);
        var all = ids.ToList();

        // "Was ist frei?" for three days next week, and the next 30 days for "next free dates".
        var from = LendingSeed.WorkingDayUtc(5, 9);
        var to = from.AddDays(3);
        var week = new List<double>();
        var month = new List<double>();
        AvailabilitySnapshot? snapshot = null;
        for (var round = 0; round < (Full ? 30 : 5); round++)
        {
            var watch = Stopwatch.StartNew();
            snapshot = await Bot.WithDbAsync(db => new Availability(db, TimeProvider.System).LoadAsync(all, from, to, CancellationToken.None));
            var sum = all.Sum(id => snapshot.Free(id, from, to));
            week.Add(watch.Elapsed.TotalMilliseconds);
            Assert.True(sum >= 0);

            watch.Restart();
            var monthSnapshot = await Bot.WithDbAsync(db => new Availability(db, TimeProvider.System).LoadAsync(all, now, now.AddDays(30), CancellationToken.None));
            var days = all.Sum(id => Enumerable.Range(0, 30).Count(d => monthSnapshot.Free(id, now.AddDays(d), now.AddDays(d + 1)) > 0));
            month.Add(watch.Elapsed.TotalMilliseconds);
            Assert.True(days >= 0);
        }

        // The answers are right, not only fast: the peak counted by hand from the rows themselves (a kit's loan counts
        // for each of its parts, one each); kits themselves and items of the first kit's parts included. The peak is
        // taken at the window's start and at every start of a reservation inside it (where the count can rise), not
        // hour by hour: the rows start at the minute the test runs, so two loans can overlap between two full hours.
        var kitOf = Enumerable.Range(0, ItemCount / 20).SelectMany(k => Enumerable.Range(1, 3).Select(p => (Part: all[k * 20 + p], Kit: all[k * 20])))
            .ToDictionary(x => x.Part, x => x.Kit);
        foreach (var id in all.Where(id => !rows.Any(r => r.ItemId == id && r.IsKit)).Take(10))
        {
            var quantity = rows.First(r => r.ItemId == id).Stock;
            var relevant = rows.Where(r => (r.ItemId == id || (kitOf.TryGetValue(id, out var kit) && r.ItemId == kit)) && r.Occupies).ToList();
            var instants = relevant.Select(r => r.From).Where(t => t > from && t < to).Append(from);
            var peak = instants.Max(t => relevant.Where(r => r.From <= t && r.To > t).Sum(r => r.Quantity));
            Assert.Equal(Math.Max(quantity - peak, 0), snapshot!.Free(id, from, to));
        }

        WriteFigures(
            $"{ItemCount} items, {Years} years, {rows.Count:N0} reservations",
            $"all items free for 3 days (1 query set + {ItemCount} answers): {Figures(week)}",
            $"all items free per day for 30 days ({ItemCount * 30} answers): {Figures(month)}");
    }

    private sealed record Row(long ItemId, bool IsKit, int Stock, int Quantity, DateTime From, DateTime To, bool Occupies);

    /// <summary>Items and back-to-back loans of 1–6 days with gaps, from (years − ½) ago to half a year ahead; past ones returned.</summary>
    private async Task<(IReadOnlyList<long> Ids, List<Row> Rows)> SeedAsync(DateTime now)
    {
        var random = new Random(20261205);
        var prefix = "Last-" + Guid.NewGuid().ToString("N")[..6] + " ";
        var ids = new List<long>();
        for (var i = 0; i < ItemCount; i++)
            ids.Add(await LendingSeed.ItemAsync(Bot, prefix + i, 1 + random.Next(6), "Last"));
        // One in twenty is a kit of three single items.
        for (var k = 0; k < ItemCount / 20; k++)
        {
            var kit = ids[k * 20];
            await Bot.WithDbAsync(async db =>
            {
                await db.LendingItems().Where(i => i.Id == kit).ExecuteUpdateAsync(s => s.SetProperty(i => i.IsKit, true).SetProperty(i => i.Quantity, 1));
                for (var p = 1; p <= 3; p++) db.KitParts().Add(new KitPart { KitId = kit, PartId = ids[k * 20 + p], Count = 1 });
                return await db.SaveChangesAsync();
            });
        }
        var stock = await Bot.WithDbAsync(db => db.LendingItems().AsNoTracking().Where(i => ids.Contains(i.Id))
            .ToDictionaryAsync(i => i.Id, i => (i.Quantity, i.IsKit)));

        var rows = new List<Row>();
        var batch = new List<LendingReservation>();
        var person = TrainingSeed.Colleague(1);
        foreach (var id in ids)
        {
            var at = now.AddDays(-365 * Years + 182);
            while (at < now.AddDays(182))
            {
                var from = at.AddHours(random.Next(0, 48));
                var to = from.AddDays(1 + random.Next(6));
                var quantity = 1 + random.Next(stock[id].Quantity);
                var status = to < now ? ReservationStatus.Returned
                    : from < now ? ReservationStatus.Lent
                    : random.Next(10) == 0 ? ReservationStatus.Cancelled : ReservationStatus.Confirmed;
                batch.Add(new LendingReservation
                {
                    ItemId = id, Quantity = quantity, StartsAtUtc = from, EndsAtUtc = to, Status = status,
                    UserAadObjectId = person.AadObjectId, UserName = person.Name, CreatedAtUtc = now, UpdatedAtUtc = now,
                });
                rows.Add(new Row(id, stock[id].IsKit, stock[id].Quantity, quantity, from, to, ReservationRule.Occupies(status)));
                at = to.AddHours(random.Next(0, 72));
            }
            if (batch.Count >= 4000) await FlushAsync(batch);
        }
        await FlushAsync(batch);
        return (ids, rows);
    }

    private Task<int> FlushAsync(List<LendingReservation> batch)
    {
        var copy = batch.ToList();
        batch.Clear();
        return Bot.WithDbAsync(async db =>
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.LendingReservations().AddRange(copy);
            return await db.SaveChangesAsync();
        });
    }

    private static string Figures(List<double> ms)
    {
        var sorted = ms.Order().ToList();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"median {Rank(0.5):F1} ms, p95 {Rank(0.95):F1} ms, max {sorted[^1]:F1} ms (first round included)");
    }

    private void WriteFigures(params string[] lines)
    {
        var provider = Bot.Database.Provider.ToString();
        var root = StadtLabor.Bot.Tests.Protocol.ActivitySchemaCheck.FindRepoRoot();
        Directory.CreateDirectory(Path.Combine(root, ".artifacts"));
        var file = Path.Combine(root, ".artifacts", "lending-availability.txt");
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        var header = $"[{provider}] availability ({DateTime.UtcNow:u}, {Environment.ProcessorCount} cores, load average {load}):";
        var kept = File.Exists(file) ? File.ReadAllLines(file).Where(l => !l.StartsWith($"[{provider}]", StringComparison.Ordinal)) : [];
        File.WriteAllLines(file, kept.Append(header).Concat(lines.Select(l => $"[{provider}]   {l}")));
        TestContext.Current.SendDiagnosticMessage(string.Join(Environment.NewLine, lines.Prepend(header)));
    }
}

[Collection(SignUpLoadRunsAlone.Name)]
public sealed class AvailabilityLoadTests_Sqlite(SqliteBot bot) : AvailabilityLoadTests<SqliteBot>(bot), IClassFixture<SqliteBot>;

[Collection(SignUpLoadRunsAlone.Name)]
public sealed class AvailabilityLoadTests_Postgres(PostgresBot bot) : AvailabilityLoadTests<PostgresBot>(bot), IClassFixture<PostgresBot>;
