using System.Text.Json.Nodes;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Tests.Turns;

public sealed class MentionsTests
{
    [Theory]
    [InlineData("<at>stadtLABOR</at> hilfe", "hilfe")]
    [InlineData("hilfe <at>stadtLABOR</at>", "hilfe")]
    [InlineData("<at>stadt LABOR</at>   meine   termine ", "meine termine")]
    [InlineData("hilfe", "hilfe")]
    [InlineData(null, "")]
    public void Strip_MentionTags_Removed(string? text, string expected) =>
        Assert.Equal(expected, Mentions.Strip(new Activity { Text = text }));

    [Fact]
    public void Strip_MentionEntityWithoutTags_RemovedByEntityText()
    {
        var activity = new Activity
        {
            Text = "@stadtLABOR datenschutz",
            Entities = [new JsonObject { ["type"] = "mention", ["text"] = "@stadtLABOR" }],
        };
        Assert.Equal("datenschutz", Mentions.Strip(activity));
    }
}
