using System.Text.Json;
using FluentValidation;
using SafetyFlow.Web.Data;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Org;

/// <summary>The organisation document: units, people, zones and assets, upserted by key and user name.</summary>
public sealed record OrgDocument(
    IReadOnlyList<UnitRow>? Units,
    IReadOnlyList<UserRow>? Users,
    IReadOnlyList<ZoneRow>? Zones,
    IReadOnlyList<AssetRow>? Assets);

public sealed record UnitRow(string? Key, string? Name, string? Parent);

public sealed record UserRow(
    string? UserName,
    string? DisplayName,
    string? Phone,
    string? Email,
    string? Password,
    IReadOnlyList<string>? Roles,
    string? Unit,
    string? Language);

/// <summary>
/// A zone row. <paramref name="Owner"/> (a user name, optional) receives the findings on items asked once per zone visit;
/// without one they go to the single owner of the zone's assets of the checklist's type.
/// </summary>
public sealed record ZoneRow(string? Key, string? Name, string? Unit, string? Member, string? Owner = null);

/// <summary>An asset row; attribute values may be strings, numbers or booleans and are kept as text.</summary>
public sealed record AssetRow(string? Key, string? Name, string? Type, string? Zone, string? Owner, Dictionary<string, JsonElement>? Attributes)
{
    public Dictionary<string, string> AttributeText() =>
        (Attributes ?? []).ToDictionary(a => a.Key, a => a.Value.ValueKind == JsonValueKind.String ? a.Value.GetString()! : a.Value.GetRawText());
}

public sealed record ImportCounts(int Units, int Users, int Zones, int Assets);

/// <summary>The shape of each row; references between rows and to stored records are checked by the importer.</summary>
internal sealed class OrgDocumentValidator : AbstractValidator<OrgDocument>
{
    public static readonly string[] AssetTypes = ["extinguisher", "hydrant", "electrical", "kitchen"];
    private const string KeyPattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";
    private const string NullRow = "A row is a JSON object; null is not a row.";
    private const int MaxAttributesLength = 4000;

    public OrgDocumentValidator()
    {
        RuleForEach(d => d.Units).NotNull().WithMessage(NullRow).ChildRules(unit =>
        {
            unit.RuleFor(u => u.Key).NotEmpty().Matches(KeyPattern).WithMessage("Use letters, digits, '.', '_' or '-' (at most 64).");
            unit.RuleFor(u => u.Name).NotEmpty().MaximumLength(200);
        });
        RuleForEach(d => d.Users).NotNull().WithMessage(NullRow).ChildRules(user =>
        {
            user.RuleFor(u => u.UserName).NotEmpty().Matches("^[A-Za-z0-9._@-]{1,64}$").WithMessage("Use letters, digits, '.', '_', '@' or '-' (at most 64).");
            user.RuleFor(u => u.DisplayName).NotEmpty().MaximumLength(100);
            user.RuleFor(u => u.Email).EmailAddress().MaximumLength(256).When(u => !string.IsNullOrEmpty(u.Email));
            user.RuleFor(u => u.Password).MaximumLength(128);
            user.RuleFor(u => u.Phone).Matches(@"^\+?[0-9 -]{5,20}$").When(u => !string.IsNullOrEmpty(u.Phone));
            user.RuleFor(u => u.Roles).NotEmpty();
            // Exactly a role's name: Enum.TryParse would also take "0" or " Member".
            user.RuleForEach(u => u.Roles)
                .Must(r => Enum.GetNames<Role>().Contains(r, StringComparer.Ordinal))
                .WithMessage("'{PropertyValue}' is not a role; use Member, Owner, Supervisor, SafetyOffice or Admin.");
            user.RuleFor(u => u.Unit).NotEmpty();
            user.RuleFor(u => u.Language).Must(l => l is null or "zh-CN" or "en").WithMessage("Use zh-CN or en.");
        });
        RuleForEach(d => d.Zones).NotNull().WithMessage(NullRow).ChildRules(zone =>
        {
            zone.RuleFor(z => z.Key).NotEmpty().Matches(KeyPattern).WithMessage("Use letters, digits, '.', '_' or '-' (at most 64).");
            zone.RuleFor(z => z.Name).NotEmpty().MaximumLength(200);
            zone.RuleFor(z => z.Unit).NotEmpty();
            zone.RuleFor(z => z.Member).NotEmpty();
        });
        RuleForEach(d => d.Assets).NotNull().WithMessage(NullRow).ChildRules(asset =>
        {
            asset.RuleFor(a => a.Key).NotEmpty().Matches(KeyPattern).WithMessage("Use letters, digits, '.', '_' or '-' (at most 64).");
            asset.RuleFor(a => a.Name).NotEmpty().MaximumLength(200);
            asset.RuleFor(a => a.Type).Must(t => AssetTypes.Contains(t))
                .WithMessage("'{PropertyValue}' is not an asset type; use extinguisher, hydrant, electrical or kitchen.");
            asset.RuleFor(a => a.Zone).NotEmpty();
            asset.RuleFor(a => a.Owner).NotEmpty();
            asset.RuleForEach(a => a.Attributes)
                .Must(a => a.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                .WithMessage("Attribute values are text, numbers or true/false.");
            asset.RuleFor(a => a.Attributes)
                .Must((row, _) => StoredLength(row) <= MaxAttributesLength)
                .WithMessage($"The attributes take at most {MaxAttributesLength} characters as stored JSON; shorten them.");
        });
        RuleFor(d => d).Custom((document, context) =>
        {
            Duplicates(document.Units, u => u.Key, "units", "key", context);
            Duplicates(document.Users, u => u.UserName, "users", "userName", context);
            Duplicates(document.Zones, z => z.Key, "zones", "key", context);
            Duplicates(document.Assets, a => a.Key, "assets", "key", context);
        });
    }

    /// <summary>The attributes as the column stores them (see <see cref="JsonColumn"/>).</summary>
    private static int StoredLength(AssetRow row) =>
        row.Attributes is null ? 0 : ((string)JsonColumn.DictionaryConverter.ConvertToProvider(row.AttributeText())!).Length;

    private static void Duplicates<T>(IReadOnlyList<T>? rows, Func<T, string?> key, string list, string field, ValidationContext<OrgDocument> context)
    {
        if (rows is null)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < rows.Count; i++)
        {
            var value = rows[i] is { } row ? key(row) : null;
            if (!string.IsNullOrEmpty(value) && !seen.Add(value))
            {
                context.AddFailure($"{list}[{i}].{field}", $"'{value}' appears more than once in {list}.");
            }
        }
    }
}
