using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Admin;

/// <summary>
/// "foto VR-Brille" with a picture pasted into the same message, in the 1:1 chat (lab team): the picture becomes
/// the item's photo. Teams cannot open a file picker from a card button, and a message without state needs its
/// target named, so the caption names the item. Only inline images are taken (attachments image/*, fetched from
/// the conversation's connector, see <see cref="PhotoFetcher"/>); a file sent as an attachment lives in someone's
/// OneDrive under an address we will not fetch, so the answer says how to paste it instead.
/// The picture is fetched before anything is written, so no database lock waits for the network.
/// </summary>
public sealed class UploadPhoto(LabDbContext db, PhotoFetcher fetcher, PhotoStore photos, ItemFormCard formCard, IOptions<LendingOptions> options) : ITurnHandler
{
    private const string FileDownloadInfo = "application/vnd.microsoft.teams.file.download.info";

    public async Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (!turn.IsPersonal)
        {
            turn.Reply(Activity.Message(turn.Word("lendingAdmin.photo.personalOnly")));
            return;
        }
        var name = turn.CommandArgument.Trim();
        var attachments = turn.Activity.Attachments ?? [];
        var image = attachments.FirstOrDefault(a => a.ContentType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true && a.ContentUrl is not null);
        if (image is null)
        {
            var asFile = attachments.Any(a => a.ContentType == FileDownloadInfo);
            turn.Reply(Activity.Message(turn.Format(asFile ? "lendingAdmin.photo.fileNotInline" : "lendingAdmin.photo.noImage", PhotoHintName(turn, name))));
            return;
        }
        // Names are few and compared ignoring case, as the lab team types them.
        var items = await db.LendingItems().AsNoTracking().Select(i => new { i.Id, i.Name }).ToListAsync(ct);
        var match = items.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            turn.Reply(Activity.Message(turn.Word(name.Length == 0 ? "lendingAdmin.photo.nameMissing" : "lendingAdmin.photo.unknownItem")));
            return;
        }

        var fetched = await fetcher.FetchAsync(turn.Activity.ServiceUrl, image.ContentUrl, ct);
        if (fetched is not PhotoFetch.Image picture)
        {
            turn.Reply(Activity.Message(fetched switch
            {
                PhotoFetch.TooLarge => turn.Format("lendingAdmin.photo.tooLarge", Megabytes()),
                PhotoFetch.NotImage => turn.Word("lendingAdmin.photo.notImage"),
                _ => turn.Word("lendingAdmin.photo.failed"),
            }));
            return;
        }

        var item = await db.LendingItems().SingleOrDefaultAsync(i => i.Id == match.Id, ct);
        if (item is null)
        {
            turn.Reply(Activity.Message(turn.Word("lendingAdmin.photo.unknownItem")));
            return;
        }
        await photos.SaveAsync(item, picture, ct);
        await db.SaveChangesAsync(ct);
        var parts = await db.KitParts().AsNoTracking().Where(p => p.KitId == item.Id).ToListAsync(ct);
        turn.Reply(Activity.Message(turn.Format("lendingAdmin.photo.saved", item.Name)));
        // The item's form with the new photo on it: the way on to check or change the rest.
        turn.Reply(Activity.Card(await formCard.RenderAsync(turn, ItemForm.Of(item, parts), item.Id, null, ct)));
    }

    private static string PhotoHintName(TurnContext turn, string name) => name.Length > 0 ? name : turn.Word("lendingAdmin.form.photoHintName");

    // Two decimals below 1 MB, so a small limit never reads "0 MB".
    private double Megabytes()
    {
        var mb = options.Value.PhotoMaxBytes / (1024.0 * 1024.0);
        return Math.Round(mb, mb < 1 ? 2 : 1);
    }
}
