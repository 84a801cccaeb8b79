using StadtLabor.Bot.Features.Ideas.Digest;
using StadtLabor.Bot.Features.Lending.Digest;
using StadtLabor.Bot.Features.Surveys.Digest;
using StadtLabor.Bot.Features.Trainings.Digest;

namespace StadtLabor.Bot.Features.Digests.Channel;

/// <summary>Everything one week's channel card says; <see cref="ItemCount"/> counts every line, shown or "und N weitere".</summary>
public sealed record ChannelDigestContent(
    ChannelDigestWindow Window, UpcomingSessions Trainings, LendingNews Lending, IdeaChanges Ideas, OpenSurveys Surveys)
{
    public int ItemCount => Trainings.Total + Lending.Total + Ideas.Total + Surveys.Total;
}

/// <summary>
/// Reads the week's content through the features' small public query classes (never their tables). A channel is read
/// by everyone, so every query returns staff-level content only: no names, no results, participation from k.
/// </summary>
public sealed class ChannelDigestSource(
    ChannelUpcomingSessions trainings, ChannelLendingNews lending, ChannelIdeaChanges ideas, ChannelOpenSurveys surveys, TimeProvider time)
{
    /// <summary>Rows per section; the rest is "und N weitere" (keeps the message far below Teams' 28 KB).</summary>
    public const int RowsPerSection = 5;

    public async Task<ChannelDigestContent> LoadAsync(ChannelDigestWindow window, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(window);
        // Sign-up only for what lies ahead of the moment the card is drawn, whatever week it belongs to.
        var now = time.GetUtcNow().UtcDateTime;
        var sessions = await trainings.ListAsync(now, window.TrainingsUntilUtc, RowsPerSection, ct);
        var items = await lending.NewItemsAsync(window.NewsSinceUtc, window.AsOfUtc, window.WeekEndUtc, RowsPerSection, ct);
        var changed = await ideas.ListAsync(window.NewsSinceUtc, window.AsOfUtc, RowsPerSection, ct);
        var open = await surveys.ListAsync(window.Today, window.Sunday, RowsPerSection, ct);
        return new ChannelDigestContent(window, sessions, items, changed, open);
    }
}
