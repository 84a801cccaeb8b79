using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using StadtLabor.Bot.Tests;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Activities;
using static StadtLabor.Bot.IntegrationTests.Lending.AdminTesting;

namespace StadtLabor.Bot.IntegrationTests.Lending;

/// <summary>
/// Item photos: "foto &lt;Name&gt;" with a picture pasted into the message, fetched from the connector stub with the
/// bot's token, stored, served by the bot with ETag and a long cache under the picture's hash; oversize, non-image
/// and foreign URLs refused with nothing stored.
/// </summary>
public abstract class AdminPhotoTests<TBot>(TBot fixture) where TBot : BotFixture
{
    protected TBot Bot
    {
        get
        {
            if (fixture.Unavailable is { } reason) Assert.Skip(reason);
            return fixture;
        }
    }

    private static byte[] Png(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(bytes, 0);
        return bytes;
    }

    /// <summary>The lab team sends "foto name" with the attachments; the bot's reply messages (text, then maybe a card).</summary>
    private async Task<IReadOnlyList<JsonNode?>> SendPhotoAsync(string caption, JsonArray attachments)
    {
        var chat = TrainingSeed.Chat(LabTeam);
        var message = Message(Bot, LabTeam, caption, chat);
        message["attachments"] = attachments;
        using var response = await Bot.PostAsync(message);
        Assert.Equal(200, (int)response.StatusCode);
        var reply = await Bot.Connector.WaitForReplyToAsync(chat, message["id"]!.GetValue<string>());
        // Replies of one turn go out together; a short wait lets the second one arrive.
        await Task.Delay(200);
        var suffix = "/activities/" + Uri.EscapeDataString(message["id"]!.GetValue<string>());
        return [.. Bot.Connector.CallsFor(chat).Where(c => c.Path.Split('?')[0].EndsWith(suffix, StringComparison.Ordinal)).Select(c => c.Body)];
    }

    private static JsonArray Inline(string url, string contentType = "image/png") =>
        [new JsonObject { ["contentType"] = contentType, ["contentUrl"] = url }, new JsonObject { ["contentType"] = "text/html", ["content"] = "<p>foto</p>" }];

    private static string TextOf(IReadOnlyList<JsonNode?> replies) => string.Join("\n", replies.Select(r => r?["text"]?.GetValue<string>() ?? ""));

    [Fact]
    public async Task Upload_PastedPng_StoredServedWithETagAndShownOnTheForm()
    {
        var name = Unique("Lego Spike");
        var id = await LendingSeed.ItemAsync(Bot, name, 4, "Robotik");
        var bytes = Png(3000);
        var url = Bot.Connector.ServeFile($"v3/attachments/{Guid.NewGuid():N}/views/original", bytes, "image/png");

        var replies = await SendPhotoAsync($"foto {name.ToUpperInvariant()}", Inline(url));

        Assert.Contains(Word.De("lendingAdmin.photo.saved", name), TextOf(replies), StringComparison.Ordinal);
        var fetch = Assert.Single(Bot.Connector.Calls, c => c.Method == "GET" && url.EndsWith(c.Path, StringComparison.Ordinal));
        Assert.StartsWith("Bearer ", fetch.Authorization, StringComparison.Ordinal);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var item = await ItemAsync(Bot, id);
        Assert.Equal($"https://stadtlabor-bot.test.example/lending/photos/{id}/{sha}.png", item.PhotoUrl);
        var form = replies.Select(r => r?["attachments"]?[0]?["content"]).OfType<JsonObject>().Single();
        Assert.Contains(form["body"]!.AsArray().OfType<JsonObject>(), e => e["type"]?.GetValue<string>() == "Image" && e["url"]?.GetValue<string>() == item.PhotoUrl);

        using var served = await Bot.Http.GetAsync($"/lending/photos/{id}/{sha}.png");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(bytes, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"\"{sha}\"", served.Headers.ETag?.Tag);
        Assert.Contains("max-age=31536000", served.Headers.CacheControl?.ToString(), StringComparison.Ordinal);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/lending/photos/{id}/{sha}.png");
        conditional.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{sha}\""));
        using var notModified = await Bot.Http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        var wrong = string.Concat(sha.Reverse());
        foreach (var path in new[] { $"/lending/photos/{id}/{wrong}.png", $"/lending/photos/{id}/{sha}.jpg", $"/lending/photos/{id + 1}/{sha}.png", $"/lending/photos/{id}/{sha}" })
        {
            using var missing = await Bot.Http.GetAsync(path);
            Assert.True(missing.StatusCode == HttpStatusCode.NotFound, $"{path} answered {(int)missing.StatusCode}");
        }
    }

    [Fact]
    public async Task Upload_OversizeNonImageOrForeignUrl_RefusedNothingStored()
    {
        var name = Unique("Makey Makey");
        var id = await LendingSeed.ItemAsync(Bot, name, 2, "Elektronik");
        var big = Bot.Connector.ServeFile($"v3/attachments/{Guid.NewGuid():N}/views/original", Png(LendingAdminBot.PhotoMaxBytes + 1), "image/png");
        var text = Bot.Connector.ServeFile($"v3/attachments/{Guid.NewGuid():N}/views/original", "<svg onload=alert(1)>"u8.ToArray(), "image/png");

        var tooLarge = await SendPhotoAsync($"foto {name}", Inline(big));
        var notImage = await SendPhotoAsync($"foto {name}", Inline(text));
        var calls = Bot.Connector.Calls.Count(c => c.Method == "GET");
        var foreign = await SendPhotoAsync($"foto {name}", Inline("http://127.0.0.1:9/v3/attachments/x/views/original"));
        var asFile = await SendPhotoAsync($"foto {name}", [new JsonObject { ["contentType"] = "application/vnd.microsoft.teams.file.download.info", ["name"] = "bild.png",
            ["content"] = new JsonObject { ["downloadUrl"] = "https://stadt-my.sharepoint.com/x", ["fileType"] = "png" } }]);

        // The test limit is below 1 MB: the message names it with two decimals ("0,02 MB"), never "0 MB".
        Assert.Contains(Word.De("lendingAdmin.photo.tooLarge", Math.Round(LendingAdminBot.PhotoMaxBytes / (1024.0 * 1024.0), 2)), TextOf(tooLarge), StringComparison.Ordinal);
        Assert.DoesNotContain(" 0 MB", TextOf(tooLarge), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingAdmin.photo.notImage"), TextOf(notImage), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingAdmin.photo.failed"), TextOf(foreign), StringComparison.Ordinal);
        Assert.Contains(Word.De("lendingAdmin.photo.fileNotInline", name), TextOf(asFile), StringComparison.Ordinal);
        Assert.Equal(calls, Bot.Connector.Calls.Count(c => c.Method == "GET"));
        Assert.Equal("", (await ItemAsync(Bot, id)).PhotoUrl);
        Assert.False(await Bot.WithDbAsync(db => db.LendingPhotos().AnyAsync(p => p.ItemId == id)));
    }

    [Fact]
    public async Task SaveItem_TypedPhotoUrl_ReplacesTheUploadedPhoto()
    {
        var name = Unique("Kamera");
        var id = await LendingSeed.ItemAsync(Bot, name, 1, "Video");
        var url = Bot.Connector.ServeFile($"v3/attachments/{Guid.NewGuid():N}/views/original", [0xFF, 0xD8, 0xFF, .. Png(500)], "image/jpeg");
        await SendPhotoAsync($"foto {name}", Inline(url, "image/jpeg"));
        var uploaded = (await ItemAsync(Bot, id)).PhotoUrl;
        Assert.EndsWith(".jpg", uploaded, StringComparison.Ordinal);

        // Saving the form unchanged keeps the uploaded photo; a typed https link replaces it.
        await AdminAsync(Bot, "lendingAdmin.saveItem", ItemForm(name, category: "Video", quantity: "1", itemId: id, photoUrl: uploaded));
        Assert.True(await Bot.WithDbAsync(db => db.LendingPhotos().AnyAsync(p => p.ItemId == id)));
        await AdminAsync(Bot, "lendingAdmin.saveItem", ItemForm(name, category: "Video", quantity: "1", itemId: id, photoUrl: "https://intranet.soest.de/kamera.jpg"));

        Assert.Equal("https://intranet.soest.de/kamera.jpg", (await ItemAsync(Bot, id)).PhotoUrl);
        Assert.False(await Bot.WithDbAsync(db => db.LendingPhotos().AnyAsync(p => p.ItemId == id)));
    }
}

public sealed class AdminPhotoTests_Sqlite(LendingAdminSqliteBot bot) : AdminPhotoTests<LendingAdminSqliteBot>(bot), IClassFixture<LendingAdminSqliteBot>;

public sealed class AdminPhotoTests_Postgres(LendingAdminPostgresBot bot) : AdminPhotoTests<LendingAdminPostgresBot>(bot), IClassFixture<LendingAdminPostgresBot>;
