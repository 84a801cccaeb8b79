using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Ideas.Intake;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Outbox;
using StadtLabor.Bot.Tests;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Ideas;

/// <summary>
/// Erika from the Ordnungsamt hands in an idea in the chat, through HTTP on SQLite and PostgreSQL: the form (typed or
/// from the menu), messages under the fields with what she typed kept, similar ideas before anything is saved, and
/// the idea with its receipt and the Lotsen channel's card once she submits; the same submit again is the same idea.
/// The database is shared by the ideas tests, so every draft here is made of words no other test uses.
/// </summary>
public abstract class IntakeTests<TBot>(TBot fixture) where TBot : IdeasBot
{
    private TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static string FreshTitle() => IntakeDrafts.FreshTitle();

    private static string FreshDescription() => IntakeDrafts.FreshDescription();

    private Task<JsonObject> ClickAsync(Persona p, string verb, JsonObject? data = null) => TrainingSeed.ClickAsync(Bot, p, verb, data?.DeepClone().AsObject());

    private Task<List<Idea>> IdeasAsync(string title) =>
        Bot.WithDbAsync(db => db.Ideas().AsNoTracking().Where(i => i.Title == title).ToListAsync());

    private Task<List<OutboxMessage>> OutboxAsync(string dedupeKey) =>
        Bot.WithDbAsync(db => db.OutboxMessages().AsNoTracking().Where(m => m.DedupeKey == dedupeKey).ToListAsync());

    private static JsonObject CardOf(OutboxMessage m) => JsonNode.Parse(m.ActivityJson)!["attachments"]![0]!["content"]!.AsObject();

    private async Task<JsonObject> TypeAsync(Persona p, string text, string locale = "de-DE")
    {
        var conversation = "a:ideas-" + Guid.NewGuid().ToString("N");
        var message = Message(Bot, p, text, conversation, locale: locale);
        await Bot.PostAsync(message);
        // The reply to this message: a new chat is the person's newest, where an earlier test's receipt may land too.
        return CardIn(await Bot.Connector.WaitForReplyToAsync(conversation, message["id"]!.GetValue<string>())) ?? throw new Xunit.Sdk.XunitException("no card");
    }

    private static JsonObject ButtonData(JsonObject card, string verb) =>
        Actions(card).Single(a => a["verb"]!.GetValue<string>() == verb)["data"]!.DeepClone().AsObject();

    [Fact]
    public async Task Form_Typed_InputsLabelledAndCheckButtonCarriesDraftId()
    {
        var card = await TypeAsync(Erika, "idee");

        Assert.Equal(["title", "description", "department", "anonymous"], FormCards.InputIds(card));
        var title = FormCards.Input(card, "title");
        Assert.Equal((true, 120), (title["isRequired"]!.GetValue<bool>(), title["maxLength"]!.GetValue<int>()));
        Assert.Equal(Word.De("ideasIntake.form.title"), title["label"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(title["errorMessage"]!.GetValue<string>()));
        var description = FormCards.Input(card, "description");
        Assert.Equal((true, true, 2000), (description["isMultiline"]!.GetValue<bool>(), description["isRequired"]!.GetValue<bool>(), description["maxLength"]!.GetValue<int>()));
        var choices = FormCards.Input(card, "department")["choices"]!.AsArray().Select(c => (c!["title"]!.GetValue<string>(), c["value"]!.GetValue<string>())).ToList();
        Assert.Equal((Word.De("ideas.department.all"), IdeaDraft.AllDepartments), choices[0]);
        Assert.Equal(IdeaDraft.AllDepartments, FormCards.Input(card, "department")["value"]!.GetValue<string>());
        Assert.Contains(("Ordnungsamt", "Ordnungsamt"), choices);
        var words = Words(card);
        Assert.Contains(Word.De("ideasIntake.form.anonymous"), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasIntake.form.anonymousHint"), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasIntake.form.privacy", "3 Jahre"), words, StringComparison.Ordinal);
        var check = Actions(card).Single(a => a["verb"]!.GetValue<string>() == "ideas.check");
        Assert.Equal(Word.De("ideasIntake.form.check"), check["title"]!.GetValue<string>());
        Assert.True(Guid.TryParse(check["data"]!["draftId"]!.GetValue<string>(), out _));
        Assert.DoesNotContain("draftId", FormCards.InputIds(card));
    }

    [Fact]
    public async Task Form_EnglishClient_EnglishWords()
    {
        var card = await TypeAsync(Erika, "idea", locale: "en-US");

        var words = Words(card);
        Assert.Contains(Word.En("ideasIntake.form.heading"), words, StringComparison.Ordinal);
        Assert.Contains(Word.En("ideasIntake.form.anonymousHint"), words, StringComparison.Ordinal);
        Assert.Equal(Word.En("ideasIntake.form.check"), Actions(card)[0]["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Form_TypedWithTitle_TitlePrefilledAndEachFormItsOwnDraft()
    {
        var first = await TypeAsync(Erika, "idee Termine online buchen");
        var second = await TypeAsync(Erika, "idee einreichen");

        Assert.Equal("Termine online buchen", FormCards.Input(first, "title")["value"]!.GetValue<string>());
        Assert.Equal("", FormCards.Input(second, "title")["value"]!.GetValue<string>());
        Assert.NotEqual(ButtonData(first, "ideas.check")["draftId"]!.GetValue<string>(), ButtonData(second, "ideas.check")["draftId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Form_MenuButton_OpensTheForm()
    {
        var card = await ClickAsync(Erika, "ideas.start");

        Assert.Equal(["title", "description", "department", "anonymous"], FormCards.InputIds(card));
        Assert.Equal(["ideas.check", "menu.show"], Verbs(card));
    }

    [Theory]
    [InlineData("title", "ideas.form.error.titleShort")]
    [InlineData("title", "ideas.form.error.titleLong")]
    [InlineData("description", "ideas.form.error.descriptionMissing")]
    [InlineData("description", "ideas.form.error.descriptionLong")]
    public async Task Check_BrokenField_MessageUnderItValuesKeptNothingSaved(string field, string errorKey)
    {
        var (title, description) = IntakeDrafts.Broken(errorKey);
        var form = IdeaSeed.Form(title, description, department: "Ordnungsamt", anonymous: true);

        var card = await ClickAsync(Erika, "ideas.check", form);

        Assert.Equal(Word.De(errorKey), FormCards.MessageUnder(card, field));
        Assert.Contains(Word.De(errorKey), FormCards.Summary(card), StringComparison.Ordinal);
        var other = field == "title" ? "description" : "title";
        Assert.Equal("", FormCards.MessageUnder(card, other));
        Assert.Equal(title.Length > 120 ? title[..120] : title, FormCards.Input(card, "title")["value"]!.GetValue<string>());
        Assert.Equal(description.Length > 2000 ? description[..2000] : description, FormCards.Input(card, "description")["value"]!.GetValue<string>());
        Assert.Equal("Ordnungsamt", FormCards.Input(card, "department")["value"]!.GetValue<string>());
        Assert.Equal("true", FormCards.Input(card, "anonymous")["value"]!.GetValue<string>());
        Assert.Equal(form["draftId"]!.GetValue<string>(), ButtonData(card, "ideas.check")["draftId"]!.GetValue<string>());
        var key = IdeaIntake.IntakeKey(Erika.AadObjectId, form["draftId"]!.GetValue<string>());
        Assert.False(await Bot.WithDbAsync(db => db.Ideas().AnyAsync(i => i.IntakeKey == key || (i.Title == title && i.Description == description))));
    }

    [Fact]
    public async Task Check_TamperedDepartment_RefusedUnderDepartmentNothingSaved()
    {
        var title = FreshTitle();

        var card = await ClickAsync(Erika, "ideas.check", IdeaSeed.Form(title, FreshDescription(), department: "Geheimes Amt"));
        var submit = await ClickAsync(Erika, "ideas.submit", IdeaSeed.Form(title, FreshDescription(), department: "Geheimes Amt"));

        Assert.Equal(Word.De("ideas.form.error.department"), FormCards.MessageUnder(card, "department"));
        Assert.Equal(Word.De("ideas.form.error.department"), FormCards.MessageUnder(submit, "department"));
        Assert.Equal(IdeaDraft.AllDepartments, FormCards.Input(card, "department")["value"]!.GetValue<string>());
        Assert.Empty(await IdeasAsync(title));
    }

    [Fact]
    public async Task Check_TamperedDraftId_SummarySaysOutdatedNewDraftNothingSaved()
    {
        var title = FreshTitle();

        var card = await ClickAsync(Erika, "ideas.check", IdeaSeed.Form(title, FreshDescription(), draftId: "nicht-gültig"));

        Assert.Contains(Word.De("ideas.form.error.expired"), FormCards.Summary(card), StringComparison.Ordinal);
        Assert.True(Guid.TryParse(ButtonData(card, "ideas.check")["draftId"]!.GetValue<string>(), out _));
        Assert.Equal(title, FormCards.Input(card, "title")["value"]!.GetValue<string>());
        Assert.Empty(await IdeasAsync(title));
    }

    [Fact]
    public async Task Check_NearDuplicateExists_SimilarCardWithSupportAndNothingSaved()
    {
        var title = FreshTitle();
        var description = FreshDescription();
        var existing = await IdeaSeed.IdeaAsync(Bot, title, Lotse, IdeaStatus.InReview, description: description);
        await IdeaSeed.SupportAsync(Bot, existing, Lotsin);
        await IdeaSeed.SupportAsync(Bot, existing, Innovation);
        var form = IdeaSeed.Form(title, description, department: "Bürgerbüro");

        var card = await ClickAsync(Erika, "ideas.check", form);

        var words = Words(card);
        Assert.Contains(Word.De("ideasIntake.similar.heading"), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasIntake.similar.idea", existing, title), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasIntake.similar.status", Word.De("ideas.status.inReview")), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasIntake.similar.supportsOther", 2), words, StringComparison.Ordinal);
        var support = Actions(card).Single(a => a["verb"]!.GetValue<string>() == "ideas.support" && a["data"]!["ideaId"]!.GetValue<long>() == existing);
        Assert.StartsWith(Word.De("ideasIntake.similar.support", existing, "").TrimEnd(), support["title"]!.GetValue<string>(), StringComparison.Ordinal);
        var titles = Actions(card).Select(a => a["title"]!.GetValue<string>()).ToList();
        Assert.Equal(titles.Count, titles.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var submit = ButtonData(card, "ideas.submit");
        Assert.Equal((form["draftId"]!.GetValue<string>(), title, description, "Bürgerbüro", "false"),
            (submit["draftId"]!.GetValue<string>(), submit["title"]!.GetValue<string>(), submit["description"]!.GetValue<string>(),
             submit["department"]!.GetValue<string>(), submit["anonymous"]!.GetValue<string>()));
        Assert.Equal(submit.ToJsonString(), ButtonData(card, "ideas.start").ToJsonString());
        Assert.Single(await IdeasAsync(title));
    }

    [Fact]
    public async Task Check_SimilarIsMyOwnIdea_SaidSoWithoutSupportButton()
    {
        var title = FreshTitle();
        var description = FreshDescription();
        var mine = await IdeaSeed.IdeaAsync(Bot, title, Erika, anonymous: true, description: description);

        var card = await ClickAsync(Erika, "ideas.check", IdeaSeed.Form(title, description));

        Assert.Contains(Word.De("ideasIntake.similar.own"), Words(card), StringComparison.Ordinal);
        Assert.DoesNotContain(Actions(card), a => a["verb"]!.GetValue<string>() == "ideas.support" && a["data"]!["ideaId"]!.GetValue<long>() == mine);
    }

    [Fact]
    public async Task BackToForm_FromSimilarCard_FormAsTyped()
    {
        var title = FreshTitle();
        var description = FreshDescription();
        await IdeaSeed.IdeaAsync(Bot, title, Lotse, description: description);
        var form = IdeaSeed.Form(title, description, department: "Bauamt", anonymous: true);
        var similar = await ClickAsync(Erika, "ideas.check", form);

        var card = await ClickAsync(Erika, "ideas.start", ButtonData(similar, "ideas.start"));

        Assert.Equal((title, description, "Bauamt", "true"), (FormCards.Input(card, "title")["value"]!.GetValue<string>(),
            FormCards.Input(card, "description")["value"]!.GetValue<string>(), FormCards.Input(card, "department")["value"]!.GetValue<string>(),
            FormCards.Input(card, "anonymous")["value"]!.GetValue<string>()));
        Assert.Equal(form["draftId"]!.GetValue<string>(), ButtonData(card, "ideas.check")["draftId"]!.GetValue<string>());
        Assert.Equal("", FormCards.Summary(card));
    }

    [Fact]
    public async Task Check_NothingSimilar_SubmittedAtOnceWithReceiptAndChannelPost()
    {
        await IdeaSeed.ChannelAsync(Bot);
        var title = FreshTitle();

        var card = await ClickAsync(Erika, "ideas.check", IdeaSeed.Form(title, FreshDescription(), department: "Ordnungsamt"));

        var idea = Assert.Single(await IdeasAsync(title));
        Assert.Equal((IdeaStatus.Submitted, "Ordnungsamt", false), (idea.Status, idea.Department, idea.Anonymous));
        AssertSubmittedCard(card, idea);
        var receipt = Assert.Single(await OutboxAsync(IdeaReceipts.Key(idea.Id)));
        Assert.Equal("user:" + Erika.AadObjectId, receipt.ConversationKey);
        AssertSubmittedCard(CardOf(receipt), idea);
        Assert.Equal(IdeaSeed.LotsenChannel, Assert.Single(await OutboxAsync(IdeaChannel.PostKey(idea.Id))).ConversationId);
        var author = await Bot.WithDbAsync(db => db.IdeaAuthors().AsNoTracking().SingleAsync(a => a.IdeaId == idea.Id));
        Assert.Equal((Erika.AadObjectId, Erika.Name, false), (author.UserAadObjectId, author.Name, author.Anonymous));
    }

    private static void AssertSubmittedCard(JsonObject card, Idea idea)
    {
        var words = Words(card);
        Assert.Contains(Word.De("ideasIntake.submitted.heading", idea.Id, idea.Title), words, StringComparison.Ordinal);
        Assert.Contains(Word.De("ideas.status.submitted"), words, StringComparison.Ordinal);
        var due = StadtLabor.Bot.Cards.Wording.Day("de", idea.FirstResponseDueOn);
        Assert.Contains(Word.De("ideasIntake.submitted.next", due), words, StringComparison.Ordinal);
        Assert.Equal(["ideas.mine", "menu.show"], Verbs(card));
        Assert.Equal(idea.Anonymous, words.Contains(Word.De("ideasIntake.submitted.anonymous"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_MineIsDifferent_SubmittedBesideTheSimilarOne()
    {
        var title = FreshTitle();
        var description = FreshDescription();
        var existing = await IdeaSeed.IdeaAsync(Bot, title, Lotse, description: description);
        var similar = await ClickAsync(Erika, "ideas.check", IdeaSeed.Form(title, description));

        var card = await ClickAsync(Erika, "ideas.submit", ButtonData(similar, "ideas.submit"));

        var ideas = await IdeasAsync(title);
        Assert.Equal(2, ideas.Count);
        var mine = ideas.Single(i => i.Id != existing);
        AssertSubmittedCard(card, mine);
        Assert.Single(await OutboxAsync(IdeaReceipts.Key(mine.Id)));
    }

    [Fact]
    public async Task Submit_SameClickThreeTimesInParallel_OneIdeaOneReceiptOneChannelPost()
    {
        await IdeaSeed.ChannelAsync(Bot);
        var title = FreshTitle();
        var click = Execute(Bot, Erika, "ideas.submit", IdeaSeed.Form(title, FreshDescription()), conversationId: TrainingSeed.Chat(Erika)).ToJsonString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Bot.InvokeAsync(JsonNode.Parse(click)!.AsObject())));

        var idea = Assert.Single(await IdeasAsync(title));
        Assert.All(answers, a => AssertSubmittedCard(TrainingSeed.Card(a)!, idea));
        Assert.Single(await OutboxAsync(IdeaReceipts.Key(idea.Id)));
        Assert.Single(await OutboxAsync(IdeaChannel.PostKey(idea.Id)));
        Assert.Single(await Bot.WithDbAsync(db => db.IdeaAuthors().AsNoTracking().Where(a => a.IdeaId == idea.Id).ToListAsync()));
    }

    [Fact]
    public async Task Submit_Anonymous_AuthorWithoutNameAndChannelCardNamesNobody()
    {
        await IdeaSeed.ChannelAsync(Bot);
        var title = FreshTitle();

        var card = await ClickAsync(Erika, "ideas.submit", IdeaSeed.Form(title, FreshDescription(), department: IdeaDraft.AllDepartments, anonymous: true));

        var idea = Assert.Single(await IdeasAsync(title));
        Assert.Equal((true, ""), (idea.Anonymous, idea.Department));
        AssertSubmittedCard(card, idea);
        var author = await Bot.WithDbAsync(db => db.IdeaAuthors().AsNoTracking().SingleAsync(a => a.IdeaId == idea.Id));
        Assert.Equal(("", true, Erika.AadObjectId), (author.Name, author.Anonymous, author.UserAadObjectId));
        var channel = Assert.Single(await OutboxAsync(IdeaChannel.PostKey(idea.Id)));
        Assert.DoesNotContain("Mustermann", channel.ActivityJson, StringComparison.Ordinal);
        Assert.DoesNotContain(Erika.AadObjectId, channel.ActivityJson, StringComparison.Ordinal);
        Assert.Contains(Word.De("ideas.channel.anonymous"), Words(CardOf(channel)), StringComparison.Ordinal);
        Assert.Contains(Word.De("ideasIntake.submitted.anonymous"), Words(CardOf(Assert.Single(await OutboxAsync(IdeaReceipts.Key(idea.Id))))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_DeliveredAgainAfterSubmitting_SameIdeaNotItselfAsSimilar()
    {
        var title = FreshTitle();
        var form = IdeaSeed.Form(title, FreshDescription());

        await ClickAsync(Erika, "ideas.check", form);
        var again = await ClickAsync(Erika, "ideas.check", form);

        var idea = Assert.Single(await IdeasAsync(title));
        AssertSubmittedCard(again, idea);
        Assert.Single(await OutboxAsync(IdeaReceipts.Key(idea.Id)));
    }

    [Fact]
    public async Task Check_ActionSubmitMessage_SubmittedCardAsReply()
    {
        var title = FreshTitle();
        var conversation = TrainingSeed.Chat(Erika) + "-submit-" + Guid.NewGuid().ToString("N")[..6];
        var activity = Message(Bot, Erika, "", conversation);
        activity.Remove("text");
        var value = IdeaSeed.Form(title, FreshDescription());
        value["verb"] = "ideas.check";
        activity["value"] = value;

        await Bot.PostAsync(activity);
        // The reply to this message, not whatever else reaches Erika's newest chat (a receipt of an earlier test's idea).
        var reply = CardIn(await Bot.Connector.WaitForReplyToAsync(conversation, activity["id"]!.GetValue<string>()))!;

        AssertSubmittedCard(reply, Assert.Single(await IdeasAsync(title)));
    }
}

/// <summary>Drafts for the intake tests, made of words no other test uses.</summary>
public static class IntakeDrafts
{
    /// <summary>Words that occur in no other idea (the similar-ideas check must find nothing unless a test wants it to).</summary>
    public static string Fresh(int words = 3) =>
        string.Join(" ", Enumerable.Range(0, words).Select(_ => "w" + Guid.NewGuid().ToString("N")[..9]));

    // Only such words: a word shared with other tests' ideas ("Termine") made them similar to each other.
    public static string FreshTitle() => Fresh();

    public static string FreshDescription() => Fresh(4);

    /// <summary>A title and description that break exactly the rule of this message.</summary>
    public static (string Title, string Description) Broken(string errorKey) => errorKey switch
    {
        "ideas.form.error.titleShort" => ("Kurz", Fresh()),
        "ideas.form.error.titleLong" => (FreshTitle() + new string('x', 120), Fresh()),
        "ideas.form.error.descriptionMissing" => (FreshTitle(), ""),
        _ => (FreshTitle(), Fresh() + new string('y', 2000)),
    };
}

[Collection(IdeasCollections.Sqlite)]
public sealed class IntakeTests_Sqlite(SqliteIdeasBot bot) : IntakeTests<SqliteIdeasBot>(bot);

[Collection(IdeasCollections.Postgres)]
public sealed class IntakeTests_Postgres(PostgresIdeasBot bot) : IntakeTests<PostgresIdeasBot>(bot);
