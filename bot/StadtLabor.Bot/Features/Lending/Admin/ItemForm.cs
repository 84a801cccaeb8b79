using System.Globalization;
using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Admin;

/// <summary>A message about one field of the item form, shown right under that field and in the summary.</summary>
public sealed record ItemFieldError(string Field, string Text);

/// <summary>
/// What the lab team typed into lendingAdmin/itemForm, as text exactly as entered, so a refused form comes back with
/// every value kept. Parts are one number input per candidate item ("part_12" = 2); 0 or empty means "not a part".
/// <see cref="Check"/> turns it into <see cref="ItemValues"/>; what needs the database (unique name, existing parts
/// and tools, kits in kits) is checked by <see cref="SaveItem"/>.
/// </summary>
public sealed record ItemForm(
    string Name, string CategoryChoice, string NewCategory, string Description, string Quantity, bool IsKit,
    IReadOnlyDictionary<long, string> Parts, bool LendableAlone, bool NeedsApproval, string ToolId, string MaxDays,
    string MaxPerPerson, string PhotoUrl)
{
    public const string NewCategoryChoice = "new";
    public const string PartPrefix = "part_";

    /// <summary>The tool choice that means "no training needed".</summary>
    public const string NoTool = "none";

    /// <summary>The most candidate parts a form reads; more keys are someone editing the payload.</summary>
    public const int MaxPartFields = 500;

    public static ItemForm Read(JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var parts = new Dictionary<long, string>();
        foreach (var (key, _) in data)
        {
            if (parts.Count >= MaxPartFields || !key.StartsWith(PartPrefix, StringComparison.Ordinal)) continue;
            if (long.TryParse(key.AsSpan(PartPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
                parts[id] = Number(data, key);
        }
        return new(CardInput.Text(data, "name"), CardInput.Text(data, "category"), CardInput.Text(data, "newCategory"),
            CardInput.Text(data, "description"), Number(data, "quantity"), CardInput.Flag(data, "isKit"), parts,
            CardInput.Flag(data, "lendableAlone"), CardInput.Flag(data, "needsApproval"), CardInput.Text(data, "toolId"),
            Number(data, "maxDays"), Number(data, "maxPerPerson"), CardInput.Text(data, "photoUrl"));
    }

    /// <summary>A blank form: one unit, lendable alone.</summary>
    public static ItemForm Blank() => new("", "", "", "", "1", false, new Dictionary<long, string>(), true, false, NoTool, "", "", "");

    public static ItemForm Of(LendingItem item, IEnumerable<KitPart> parts)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new(item.Name, item.Category, "", item.Description, Text(item.Quantity), item.IsKit,
            parts.ToDictionary(p => p.PartId, p => Text(p.Count)), item.LendableAlone, item.NeedsApproval,
            item.RequiredToolId is { } tool ? Text(tool) : NoTool, item.MaxDays is { } d ? Text(d) : "",
            item.MaxPerPerson is { } m ? Text(m) : "", item.PhotoUrl);
    }

    /// <summary>Every rule about the fields themselves, each message naming its field; values only when there is none.</summary>
    public (ItemValues? Values, List<ItemFieldError> Errors) Check(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var errors = new List<ItemFieldError>();
        void Add(string field, string text) => errors.Add(new ItemFieldError(field, text));
        void Length(string field, string value, int max)
        {
            if (value.Length > max) Add(field, turn.Format("lendingAdmin.error.tooLong", turn.Word($"lendingAdmin.form.{field}"), max));
        }

        if (Name.Length == 0) Add("name", turn.Word("lendingAdmin.error.nameMissing"));
        Length("name", Name, LendingLimits.Name);
        var category = NewCategory.Length > 0 ? NewCategory : CategoryChoice == NewCategoryChoice ? "" : CategoryChoice;
        if (category.Length == 0)
            Add(CategoryChoice == NewCategoryChoice ? "newCategory" : "category", turn.Word(CategoryChoice == NewCategoryChoice
                ? "lendingAdmin.error.newCategoryMissing" : "lendingAdmin.error.categoryMissing"));
        Length("newCategory", NewCategory, LendingLimits.Category);
        if (NewCategory.Length == 0) Length("category", CategoryChoice, LendingLimits.Category);
        Length("description", Description, LendingLimits.Description);

        var quantity = Whole(Quantity);
        if (quantity is not (>= 1 and <= LendingLimits.MaxQuantity)) Add("quantity", turn.Format("lendingAdmin.error.quantity", LendingLimits.MaxQuantity));

        var parts = new Dictionary<long, int>();
        if (IsKit)
        {
            foreach (var (id, text) in Parts)
            {
                if (text.Length == 0) continue;
                if (Whole(text) is not { } count || count < 0 || count > LendingLimits.MaxPartCount)
                {
                    Add("parts", turn.Format("lendingAdmin.error.partCount", LendingLimits.MaxPartCount));
                    break;
                }
                if (count > 0) parts[id] = count;
            }
            if (parts.Count == 0 && !errors.Any(e => e.Field == "parts")) Add("parts", turn.Word("lendingAdmin.error.kitWithoutParts"));
        }

        long? toolId = null;
        if (ToolId.Length > 0 && ToolId != NoTool)
        {
            if (long.TryParse(ToolId, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t > 0) toolId = t;
            else Add("tool", turn.Word("lendingAdmin.error.toolUnknown"));
        }
        int? maxDays = null, maxPerPerson = null;
        if (MaxDays.Length > 0)
        {
            maxDays = Whole(MaxDays);
            if (maxDays is not (>= 1 and <= 365)) Add("maxDays", turn.Word("lendingAdmin.error.maxDays"));
        }
        if (MaxPerPerson.Length > 0)
        {
            maxPerPerson = Whole(MaxPerPerson);
            if (maxPerPerson is not (>= 1 and <= LendingLimits.MaxQuantity)) Add("maxPerPerson", turn.Format("lendingAdmin.error.maxPerPerson", LendingLimits.MaxQuantity));
        }
        if (PhotoUrl.Length > 0 && !IsHttpsUrl(PhotoUrl)) Add("photoUrl", turn.Word("lendingAdmin.error.photoUrl"));
        Length("photoUrl", PhotoUrl, LendingLimits.Url);

        if (errors.Count > 0) return (null, errors);
        return (new ItemValues(Name, category, Description, quantity!.Value, IsKit, parts, LendableAlone, NeedsApproval, toolId,
            maxDays, maxPerPerson, PhotoUrl), errors);
    }

    /// <summary>Only https with a host: Teams shows card images only from https, and anything else (javascript:, data:, file:) is refused.</summary>
    internal static bool IsHttpsUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps && url.Host.Length > 0 && url.UserInfo.Length == 0;

    private static int? Whole(string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string Text(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Input.Number arrives as a string ("3"), our own data may hold a number; a fraction stays text and is refused.</summary>
    private static string Number(JsonObject data, string key) =>
        CardInput.WholeNumber(data, key)?.ToString(CultureInfo.InvariantCulture) ?? CardInput.Text(data, key);
}

/// <summary>A checked form; parts by item id with their counts (only for a kit).</summary>
public sealed record ItemValues(
    string Name, string Category, string Description, int Quantity, bool IsKit, IReadOnlyDictionary<long, int> Parts,
    bool LendableAlone, bool NeedsApproval, long? ToolId, int? MaxDays, int? MaxPerPerson, string PhotoUrl)
{
    public void ApplyTo(LendingItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.Name = Name;
        item.Category = Category;
        item.Description = Description;
        item.Quantity = Quantity;
        item.IsKit = IsKit;
        item.LendableAlone = LendableAlone;
        item.NeedsApproval = NeedsApproval;
        item.RequiredToolId = ToolId;
        item.MaxDays = MaxDays;
        item.MaxPerPerson = MaxPerPerson;
        item.PhotoUrl = PhotoUrl;
    }
}
