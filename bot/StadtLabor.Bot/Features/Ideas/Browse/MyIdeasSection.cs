using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Browse;

/// <summary>"meine termine" shows the ideas too: how many the person submitted and supports, with a button to "meine ideen".</summary>
public sealed class MyIdeasSection(LabDbContext db) : IMyItemsSection
{
    public async Task<MyItemsSection?> DescribeAsync(TurnContext turn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var user = turn.UserAadObjectId ?? "";
        // Their own submissions, not the copies a merge made of them.
        var authored = await db.IdeaAuthors().AsNoTracking().CountAsync(a => a.UserAadObjectId == user && a.IdeaId == a.OriginalIdeaId, ct);
        var supported = await db.IdeaSupports().AsNoTracking().CountAsync(s => s.UserAadObjectId == user, ct);
        if (authored == 0 && supported == 0) return null;
        var parts = new List<string>();
        if (authored > 0) parts.Add(Count(turn, "authored", authored));
        if (supported > 0) parts.Add(Count(turn, "supported", supported));
        return new MyItemsSection(turn.Word("ideasBrowse.section.heading"), string.Join(", ", parts),
            turn.Word("ideasBrowse.section.show"), "ideas.mine");
    }

    private static string Count(TurnContext turn, string what, int n) =>
        turn.Format($"ideasBrowse.section.{what}.{(n == 1 ? "one" : "other")}", n);
}
