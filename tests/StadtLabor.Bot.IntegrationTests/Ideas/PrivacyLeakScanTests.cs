using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace StadtLabor.Bot.IntegrationTests.Ideas;

/// <summary>The scanner of the anonymity walk must find a planted name, however it is written down; otherwise that walk could not fail.</summary>
public sealed class PrivacyLeakScanTests
{
    private static readonly string[] Erika = ["Müller-Lüdenscheidt, Erika", "7d0c1a52-3f4e-4b6a-9c1d-2e5f6a7b8c9d"];

    [Fact]
    public void Find_NameInACardWithEscapedUmlauts_Found()
    {
        var card = new JsonObject { ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = "Eingereicht von Müller-Lüdenscheidt, Erika" }) };
        var escaped = card.ToJsonString(); // System.Text.Json writes ü as \u00FC

        Assert.Contains("\\u00FC", escaped, StringComparison.Ordinal);
        Assert.Single(PrivacyLeakScan.Find("card", escaped, Erika));
    }

    [Fact]
    public void Find_ObjectIdInAnActivityInsideAnOutboxRow_FoundCaseInsensitive()
    {
        var activity = new JsonObject { ["type"] = "message", ["entities"] = new JsonArray(new JsonObject { ["mentioned"] = new JsonObject { ["id"] = Erika[1].ToUpperInvariant() } }) };
        var row = new JsonObject { ["ActivityJson"] = activity.ToJsonString() }.ToJsonString();

        Assert.Single(PrivacyLeakScan.Find("outbox", row, Erika));
    }

    [Fact]
    public void Find_NameInAnXlsxCellAndInACsvAndAnEncodedLink_Found()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry("xl/sharedStrings.xml").Open(), Encoding.UTF8))
            writer.Write("<sst><si><t>Müller-Lüdenscheidt, Erika</t></si></sst>");

        Assert.Single(PrivacyLeakScan.Find("xlsx", buffer.ToArray(), Erika));
        Assert.Single(PrivacyLeakScan.Find("csv", Encoding.UTF8.GetBytes("titel;person\r\nParkausweise;\"Müller-Lüdenscheidt, Erika\"\r\n"), Erika));
        Assert.Single(PrivacyLeakScan.Find("link", "https://bot/ideas?who=M%C3%BCller-L%C3%BCdenscheidt%2C%20Erika", Erika));
        Assert.Single(PrivacyLeakScan.Find("page", "<td>M&uuml;ller-L&uuml;denscheidt, Erika</td>", Erika));
    }

    [Fact]
    public void Find_OtherPeopleOnly_NothingFound()
    {
        var card = new JsonObject { ["text"] = "Eingereicht von Jonas Lotse", ["id"] = Guid.NewGuid().ToString() }.ToJsonString();

        Assert.Empty(PrivacyLeakScan.Find("card", card, Erika));
    }
}
