using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Privacy.SmallGroups;

namespace StadtLabor.Bot.Features.Digests.Channel;

/// <summary>
/// Draws the card digests/channel from a week's content in the channel's language. Empty sections are left out; a
/// section with more rows than <see cref="ChannelDigestSource.RowsPerSection"/> ends with "und N weitere". The card
/// is the same for everyone in the channel (and for the person who clicks "Aktualisieren"): nothing on it depends on
/// who reads it.
/// </summary>
public sealed class ChannelDigestCard(CardRenderer cards, Strings strings, SmallGroups smallGroups, TimeProvider time)
{
    private const string W = "digestsChannel.";

    public JsonObject Render(ChannelDigestContent content, string lang, long editionId)
    {
        ArgumentNullException.ThrowIfNull(content);
        var now = time.GetUtcNow().UtcDateTime;
        string Word(string key) => strings.Get(lang, W + key);
        string Format(string key, params object?[] args) => strings.Format(lang, W + key, args);

        var trainings = new JsonArray();
        foreach (var s in content.Trainings.Rows)
        {
            var title = CardText.Plain(s.Title, 120);
            trainings.Add(new JsonObject
            {
                ["id"] = s.Id,
                ["title"] = title,
                ["details"] = Format("trainings.details", Wording.Moment(lang, s.StartsAtUtc, now), CardText.Plain(s.Place, 120),
                    s.FreeSeats == 1 ? Word("trainings.seatsOne") : Format("trainings.seatsMany", s.FreeSeats)),
                ["signUpTitle"] = Format("trainings.signUp", title, Wording.Moment(lang, s.StartsAtUtc, now)),
            });
        }
        var lending = new JsonArray();
        foreach (var i in content.Lending.Rows)
            lending.Add(new JsonObject
            {
                ["name"] = CardText.Plain(i.Name, 120),
                ["state"] = i.FreeThisWeek switch { true => Word("lending.free"), false => Word("lending.busy"), null => CardText.Plain(i.Category, 80) },
            });
        var ideas = new JsonArray();
        foreach (var i in content.Ideas.Rows)
            ideas.Add(new JsonObject
            {
                ["title"] = Format("ideas.row", i.Id, CardText.Plain(i.Title, IdeaLimits.Title)),
                ["status"] = Word(i.Status == IdeaStatus.Done ? "ideas.done" : "ideas.accepted"),
            });
        var surveys = new JsonArray();
        foreach (var s in content.Surveys.Rows)
        {
            var answers = s.Answers is { } n ? Format("surveys.answers", n) : Format("surveys.fewer", smallGroups.MinGroupSize);
            surveys.Add(new JsonObject
            {
                ["title"] = CardText.Plain(s.Title, 120),
                ["state"] = Format("surveys.state", Format("surveys.closes", Wording.Day(lang, s.ClosesOn, now)), answers),
            });
        }

        var data = new JsonObject
        {
            ["editionId"] = editionId,
            ["week"] = Format("week", Wording.Day(lang, content.Window.Monday, now)),
            ["isEmpty"] = content.ItemCount == 0,
            ["nextOffer"] = content.Trainings.Next is { } next
                ? Format("next.session", CardText.Plain(next.Title, 120), CardText.Plain(next.Tool, 80), Wording.Moment(lang, next.StartsAtUtc, now))
                : Word("next.general"),
        };
        Section(data, "trainings", trainings, content.Trainings.Total, lang);
        Section(data, "lending", lending, content.Lending.Total, lang);
        Section(data, "ideas", ideas, content.Ideas.Total, lang);
        Section(data, "surveys", surveys, content.Surveys.Total, lang);
        return cards.Render("digests/channel", lang, data);
    }

    private void Section(JsonObject data, string name, JsonArray rows, int total, string lang)
    {
        var upper = char.ToUpperInvariant(name[0]) + name[1..];
        data[name] = rows;
        data["has" + upper] = rows.Count > 0;
        data["has" + upper + "More"] = total > rows.Count;
        data[name + "More"] = total > rows.Count ? strings.Format(lang, W + name + ".more", total - rows.Count) : "";
    }
}
