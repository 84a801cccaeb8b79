using Microsoft.EntityFrameworkCore.Metadata;

namespace StadtLabor.Bot.Features.Privacy;

/// <summary>Whose data: always the person Teams signed the activity for, never an id from card data.</summary>
public sealed record DataSubject(string AadObjectId);

/// <summary>
/// One kind of data about a person. Words privacy.data.&lt;Kind&gt;.what and .why; the retention is
/// privacy.data.&lt;Kind&gt;.howLong, formatted with <paramref name="RetentionDays"/> when the kind has a configurable
/// retention (Privacy:Retention or a feature option), so the card says what the purge job really does.
/// </summary>
public sealed record PersonalDataKind(string Kind, int Count, int? RetentionDays = null);

/// <summary>One exported row: its kind (as in <see cref="PersonalDataKind"/>) and a JSON-serialisable record of plain values.</summary>
public sealed record PersonalRecord(string Kind, IReadOnlyDictionary<string, object?> Fields);

/// <summary>
/// What erasing did to one kind: rows removed, rows kept (anonymised or still needed) and why, as the word
/// privacy.kept.&lt;KeptReason&gt;. Zero and zero when there was nothing (a second erase).
/// </summary>
public sealed record ErasedKind(string Kind, int Removed, int Kept = 0, string? KeptReason = null);

/// <summary>
/// DSGVO Art. 15 and 17 for one feature: what it holds about a person (describe), all of it (export) and
/// removing or anonymising it (erase). Every table with a column that identifies a person must be listed in
/// <see cref="Covers"/> by one implementation; a test walks the EF Core model and fails otherwise
/// (<see cref="PersonColumns"/> says which columns count). Registered with
/// <see cref="PersonalDataRegistration.AddPersonalData{T}"/> in the feature's module.
/// </summary>
public interface IPersonalData
{
    /// <summary>The entity types whose person columns this implementation describes, exports and erases.</summary>
    IReadOnlyList<Type> Covers { get; }

    Task<IReadOnlyList<PersonalDataKind>> DescribeAsync(DataSubject person, CancellationToken ct);

    Task<IReadOnlyList<PersonalRecord>> ExportAsync(DataSubject person, CancellationToken ct);

    /// <summary>Removes or anonymises what the law allows. Idempotent: a second call finds nothing and changes nothing.</summary>
    Task<IReadOnlyList<ErasedKind>> EraseAsync(DataSubject person, CancellationToken ct);
}

public static class PersonalDataRegistration
{
    public static IServiceCollection AddPersonalData<T>(this IServiceCollection services) where T : class, IPersonalData =>
        services.AddScoped<IPersonalData, T>();
}

/// <summary>
/// Which columns of the model hold a person. Explicit on purpose, so the coverage test has a rule one can read:
/// a property whose name ends in AadObjectId, ObjectId, UserId, UserName, Upn, Email or Mail, or is one of those names
/// (case-insensitive, any type). The bot knows people only by these; a new column named otherwise (e.g. "Owner")
/// must be named here when it is added.
/// </summary>
public static class PersonColumns
{
    private static readonly string[] Endings = ["AadObjectId", "ObjectId", "UserId", "UserName", "Upn", "Email", "Mail"];

    public static bool HoldsPerson(IReadOnlyProperty property)
    {
        ArgumentNullException.ThrowIfNull(property);
        return HoldsPerson(property.Name);
    }

    public static bool HoldsPerson(string columnName) => Endings.Any(e => columnName.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>Entity types with at least one person column, and those columns.</summary>
    public static IReadOnlyList<(Type Entity, IReadOnlyList<string> Columns)> In(IReadOnlyModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return [.. model.GetEntityTypes()
            .Select(e => (Entity: e.ClrType, Columns: (IReadOnlyList<string>)[.. e.GetProperties().Where(HoldsPerson).Select(p => p.Name)]))
            .Where(e => e.Columns.Count > 0)
            .OrderBy(e => e.Entity.FullName, StringComparer.Ordinal)];
    }

    /// <summary>"Entity (Column, ...)" for every entity with a person column that no implementation covers.</summary>
    public static IReadOnlyList<string> Uncovered(IReadOnlyModel model, IEnumerable<Type> covered)
    {
        var known = covered.ToHashSet();
        return [.. In(model).Where(e => !known.Contains(e.Entity)).Select(e => $"{e.Entity.Name} ({string.Join(", ", e.Columns)})")];
    }
}
