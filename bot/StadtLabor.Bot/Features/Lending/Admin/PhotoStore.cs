using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Downloads;

namespace StadtLabor.Bot.Features.Lending.Admin;

/// <summary>
/// Uploaded item photos: one per item (a new one replaces it), served at
/// {Bot:PublicBaseUrl}/lending/photos/{itemId}/{sha256}.{png|jpg} (<see cref="ServePhoto"/>), and that absolute URL
/// becomes the item's PhotoUrl, which every card shows.
/// </summary>
public sealed class PhotoStore(LabDbContext db, IOptions<Downloads.LinkOptions> links, TimeProvider time)
{
    public const string PathPrefix = "lending/photos/";

    public string UrlFor(long itemId, string sha256, string contentType) =>
        new Uri(links.Value.BaseUri, string.Create(CultureInfo.InvariantCulture,
            $"{PathPrefix}{itemId}/{sha256}.{(contentType == "image/png" ? "png" : "jpg")}")).AbsoluteUri;

    /// <summary>The URL of the item's uploaded photo, or null when it has none.</summary>
    public async Task<string?> UrlOfAsync(long itemId, CancellationToken ct)
    {
        var photo = await db.LendingPhotos().AsNoTracking().Where(p => p.ItemId == itemId)
            .Select(p => new { p.Sha256, p.ContentType }).SingleOrDefaultAsync(ct);
        return photo is null ? null : UrlFor(itemId, photo.Sha256, photo.ContentType);
    }

    /// <summary>Stores the photo for the item (tracked, in the caller's transaction) and points the item at it.</summary>
    public async Task SaveAsync(LendingItem item, PhotoFetch.Image image, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(image);
        var sha = Convert.ToHexStringLower(SHA256.HashData(image.Content));
        await db.LendingPhotos().Where(p => p.ItemId == item.Id).ExecuteDeleteAsync(ct);
        db.LendingPhotos().Add(new LendingPhoto
        {
            ItemId = item.Id,
            ContentType = image.ContentType,
            Content = image.Content,
            Sha256 = sha,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
        });
        item.PhotoUrl = UrlFor(item.Id, sha, image.ContentType);
        item.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
    }
}
