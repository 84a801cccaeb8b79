using CsCheck;
using StadtLabor.Bot.Features.Lending;
using Xunit;

namespace StadtLabor.Bot.Tests.Lending;

/// <summary>The arithmetic of "how many are free", without a database: peaks, kits and their parts, blocks, retired items.</summary>
public sealed class AvailabilitySnapshotTests
{
    private static readonly DateTime T0 = new(2026, 12, 7, 8, 0, 0, DateTimeKind.Utc);
    private const long Headsets = 1, Tablets = 2, Kit = 10, Retired = 3;

    private static DateTime H(int hours) => T0.AddHours(hours);

    private static AvailabilitySnapshot Snapshot(params Use[] uses) => new(
        T0, T0.AddDays(30),
        new Dictionary<long, ItemStock>
        {
            [Headsets] = new(6, false, false),
            [Tablets] = new(4, false, false),
            [Kit] = new(1, true, false),
            [Retired] = new(5, false, true),
        },
        new Dictionary<long, List<(long, int)>> { [Kit] = [(Headsets, 2), (Tablets, 2)] },
        uses.GroupBy(u => u.ItemId).ToDictionary(g => g.Key, g => g.ToList()));

    [Fact]
    public void Free_NothingInUse_WholeQuantity() => Assert.Equal(6, Snapshot().Free(Headsets, H(0), H(8)));

    [Fact]
    public void Free_TwoLoansOneAfterTheOther_UseOneUnitNotTwo()
    {
        var s = Snapshot(new Use(Headsets, 1, H(0), H(4)), new Use(Headsets, 1, H(4), H(8)));
        Assert.Equal(5, s.Free(Headsets, H(0), H(8)));
    }

    [Fact]
    public void Free_OverlappingLoans_CountTheirPeak()
    {
        var s = Snapshot(new Use(Headsets, 2, H(0), H(5)), new Use(Headsets, 3, H(3), H(8)));
        Assert.Equal(1, s.Free(Headsets, H(0), H(8)));
        Assert.Equal(4, s.Free(Headsets, H(0), H(3)));
        Assert.Equal(3, s.Free(Headsets, H(5), H(8)));
    }

    [Fact]
    public void Free_LoanEndingExactlyWhenTheRangeStarts_DoesNotCount()
    {
        var s = Snapshot(new Use(Headsets, 6, H(0), H(4)));
        Assert.Equal(6, s.Free(Headsets, H(4), H(8)));
        Assert.Equal(0, s.Free(Headsets, H(3), H(8)));
    }

    [Fact]
    public void Free_KitNeedsItsParts_PartsLentAloneMakeItUnavailable()
    {
        // 6 headsets, the kit needs 2: with 5 lent alone only 1 is left, so the kit cannot go.
        var s = Snapshot(new Use(Headsets, 5, H(0), H(8)));
        Assert.Equal(0, s.Free(Kit, H(2), H(6)));
        Assert.Equal(1, s.Free(Kit, H(8), H(12)));
    }

    [Fact]
    public void Free_KitItselfReserved_NoSecondKit()
    {
        var s = Snapshot(new Use(Kit, 1, H(0), H(8)), new Use(Headsets, 2, H(0), H(8)), new Use(Tablets, 2, H(0), H(8)));
        Assert.Equal(0, s.Free(Kit, H(1), H(2)));
        Assert.Equal(4, s.Free(Headsets, H(1), H(2)));
        Assert.Equal(2, s.Free(Tablets, H(1), H(2)));
    }

    [Fact]
    public void Free_OpenEndedBlock_BlocksEveryLaterRange()
    {
        var s = Snapshot(new Use(Tablets, 4, H(10), DateTime.MaxValue));
        Assert.Equal(4, s.Free(Tablets, H(0), H(10)));
        Assert.Equal(0, s.Free(Tablets, H(200), H(220)));
    }

    [Fact]
    public void Free_RetiredOrUnknownItem_Zero()
    {
        var s = Snapshot();
        Assert.Equal(0, s.Free(Retired, H(0), H(1)));
        Assert.Equal(0, s.Free(999, H(0), H(1)));
    }

    [Fact]
    public void Free_RangeOutsideTheLoadedWindow_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Snapshot().Free(Headsets, T0.AddDays(-1), H(1)));

    [Fact]
    public void Free_RandomLoans_EqualsCountingHourByHour()
    {
        // Loans on whole hours, so the slow count per hour is exact: the sweep must give the same answer.
        var loan = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 60], Gen.Int[1, 30], Gen.Int[1, 3]);
        Gen.Select(loan.Array[0, 12], Gen.Int[0, 60], Gen.Int[1, 30]).Sample((loans, start, length) =>
        {
            long[] ids = [Headsets, Tablets, Kit];
            var uses = loans.Select(l => new Use(ids[l.Item1], l.Item4, H(l.Item2), H(l.Item2 + l.Item3))).ToList();
            // A kit's loan uses its parts, as Availability.LoadAsync records it.
            uses.AddRange(uses.Where(u => u.ItemId == Kit).SelectMany(u => new[]
                { new Use(Headsets, u.Quantity * 2, u.StartUtc, u.EndUtc), new Use(Tablets, u.Quantity * 2, u.StartUtc, u.EndUtc) }).ToList());
            var s = Snapshot([.. uses]);

            int Peak(long id) => Enumerable.Range(start, length)
                .Select(h => uses.Where(u => u.ItemId == id && u.StartUtc <= H(h) && u.EndUtc > H(h)).Sum(u => u.Quantity)).Max();
            var headsets = Math.Max(6 - Peak(Headsets), 0);
            var tablets = Math.Max(4 - Peak(Tablets), 0);
            var kit = Math.Max(Math.Min(1 - Peak(Kit), Math.Min((6 - Peak(Headsets)) / 2, (4 - Peak(Tablets)) / 2)), 0);

            Assert.Equal(headsets, s.Free(Headsets, H(start), H(start + length)));
            Assert.Equal(tablets, s.Free(Tablets, H(start), H(start + length)));
            Assert.Equal(kit, s.Free(Kit, H(start), H(start + length)));
        }, iter: 400);
    }
}
