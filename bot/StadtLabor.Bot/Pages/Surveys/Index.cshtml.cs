using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Privacy.SmallGroups;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Features.Surveys.Results;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Roles;

namespace StadtLabor.Bot.Pages.Surveys;

/// <summary>
/// /umfragen/auswertung (ResearchPartner; the innovation department passes): the surveys with a started wave, as the
/// card "umfrage ergebnisse" lists them (<see cref="ResultsSurvey.StartedIdsAsync"/>), each wave with its state and its
/// number of answers from <see cref="SurveyResults.WaveCountsAsync"/>: a running wave only its count, and that only
/// from the minimum group size ("weniger als 5" below it), exactly as on the card.
/// </summary>
[LabRole(Role.ResearchPartner)]
public sealed class IndexModel(LabDbContext db, SurveyResults results, SmallGroups smallGroups, Strings strings) : LabPageModel
{
    public sealed record Row(long Id, string Title, bool HasResults, IReadOnlyList<WaveCount> Waves);

    public IReadOnlyList<Row> Surveys { get; private set; } = [];

    public int K => smallGroups.MinGroupSize;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rows = new List<Row>();
        foreach (var id in await ResultsSurvey.StartedIdsAsync(db, ShowResultsList.MaxSurveys, ct))
            if (await ResultsSurvey.LoadAsync(db, id, ct) is { } s)
                rows.Add(new Row(id, s.Survey.Title, s.Closed.Count > 0, await results.WaveCountsAsync(s.Waves, ct)));
        Surveys = rows;
    }

    /// <summary>The count as the small-group rule lets it be shown: the number, or "weniger als 5" (the card's words).</summary>
    public string Answers(WaveCount wave)
    {
        ArgumentNullException.ThrowIfNull(wave);
        return wave.Answers is { } n ? n.ToString("N0", W.Culture) : strings.Format(W.Lang, "smallGroups.fewerThan", K);
    }
}
