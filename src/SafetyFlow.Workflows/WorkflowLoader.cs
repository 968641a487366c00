using System.Security.Cryptography;
using System.Text;
using FluentValidation;
using SafetyFlow.Workflows.Loading;
using SafetyFlow.Workflows.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SafetyFlow.Workflows;

/// <summary>Loads workflow definition files, validates them, and turns them into the immutable model.</summary>
public static class WorkflowLoader
{
    /// <summary>
    /// Loads every <c>*.yaml</c> and <c>*.yml</c> file in <paramref name="folder"/>. Requires exactly one rectification
    /// definition and at least one inspection definition, at most one inspection definition per asset type, and at most
    /// one zone rating definition.
    /// </summary>
    /// <exception cref="WorkflowDefinitionException">Anything is invalid; lists every error found, across all files.</exception>
    public static WorkflowCatalog LoadFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (!Directory.Exists(folder))
        {
            throw new WorkflowDefinitionException([new WorkflowDefinitionError(folder, 0, 0, string.Empty, "the workflow folder does not exist")]);
        }

        var files = Directory.EnumerateFiles(folder)
            .Where(f => Path.GetExtension(f).ToUpperInvariant() is ".YAML" or ".YML")
            .Order(StringComparer.Ordinal)
            .ToList();
        var parsed = files
            .Select(file => ParseFile(File.ReadAllText(file, Encoding.UTF8), file, Path.GetFullPath(file)))
            .ToList();

        var errors = parsed.SelectMany(p => p.Errors).ToList();
        errors.AddRange(CheckAcrossFiles(folder, parsed));
        if (errors.Count > 0)
        {
            throw new WorkflowDefinitionException(errors);
        }

        var definitions = parsed.Select(p => p.Definition!).ToList();
        return new WorkflowCatalog(
            [.. definitions.OfType<InspectionWorkflow>()],
            definitions.OfType<RectificationWorkflow>().Single(),
            definitions.OfType<ZoneRatingDefinition>().SingleOrDefault());
    }

    /// <summary>
    /// Parses and validates one definition from its text, e.g. to load an older version again from its stored
    /// <see cref="WorkflowDefinition.Source"/>. <paramref name="fileName"/> names the file in error messages, becomes
    /// <see cref="WorkflowDefinition.SourceFile"/>, and its name without extension must equal the definition's id.
    /// </summary>
    /// <exception cref="WorkflowDefinitionException">The text is not a valid definition; lists every error found.</exception>
    public static WorkflowDefinition Parse(string source, string fileName)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);

        var result = ParseFile(source, fileName, fileName);
        return result.Errors.Count > 0 ? throw new WorkflowDefinitionException(result.Errors) : result.Definition!;
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of <paramref name="source"/>.</summary>
    public static string ComputeContentHash(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)));
    }

    private static ParsedFile ParseFile(string source, string displayFile, string sourceFile)
    {
        var reader = new YamlFieldReader(displayFile);
        var root = LoadRoot(source, reader);
        WorkflowDefinition? definition = null;
        if (root is not null)
        {
            var origin = new DefinitionOrigin(sourceFile, ComputeContentHash(source), source);
            var expectedId = Path.GetFileNameWithoutExtension(displayFile);
            definition = KindOf(root, reader) switch
            {
                Vocabulary.InspectionKind => Build(
                    InspectionYaml.Read(reader, root), new InspectionYamlValidator(expectedId), reader, dto => dto.ToModel(origin)),
                Vocabulary.RectificationKind => Build(
                    RectificationYaml.Read(reader, root), new RectificationYamlValidator(expectedId), reader, dto => dto.ToModel(origin)),
                Vocabulary.ZoneRatingKind => Build(
                    ZoneRatingYaml.Read(reader, root), new ZoneRatingYamlValidator(expectedId), reader, dto => dto.ToModel(origin)),
                _ => null,
            };
        }

        var errors = reader.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
        return new ParsedFile(displayFile, errors.Count == 0 ? definition : null, errors, reader);
    }

    private static YamlMappingNode? LoadRoot(string source, YamlFieldReader reader)
    {
        var scanner = new Scanner(new StringReader(source));
        var stream = new YamlStream();
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException e)
        {
            reader.AddError(SourcePosition.From(e.Start), string.Empty, $"YAML syntax error: {e.Message}");
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner throws these instead of a YamlException on some malformed input, e.g. an unclosed [.
            reader.AddError(
                SourcePosition.From(scanner.CurrentPosition),
                string.Empty,
                "YAML syntax error: malformed YAML near here (check brackets, quotes and indentation)");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            reader.AddError(string.Empty, "the file is empty");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            reader.AddError(SourcePosition.From(stream.Documents[1].RootNode.Start), string.Empty, "only one YAML document per file is allowed");
            return null;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            reader.AddError(SourcePosition.From(stream.Documents[0].RootNode.Start), string.Empty, "expected a mapping of keys to values at the top of the file");
            return null;
        }

        return root;
    }

    private static string? KindOf(YamlMappingNode root, YamlFieldReader reader)
    {
        const string KindKey = "kind";
        var kindNode = root.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: KindKey }).Value;
        if (kindNode is null)
        {
            reader.AddError(KindKey, $"is required; expected one of: {string.Join(", ", Vocabulary.Kinds)}");
            return null;
        }

        reader.Remember(KindKey, kindNode);
        var kind = (kindNode as YamlScalarNode)?.Value;
        if (kind is null || !Vocabulary.Kinds.Contains(kind))
        {
            reader.AddError(KindKey, $"unknown kind '{kind}'; expected one of: {string.Join(", ", Vocabulary.Kinds)}");
            return null;
        }

        return kind;
    }

    private static WorkflowDefinition? Build<TYaml>(
        TYaml dto,
        IValidator<TYaml> validator,
        YamlFieldReader reader,
        Func<TYaml, WorkflowDefinition> toModel)
    {
        foreach (var failure in validator.Validate(dto).Errors)
        {
            var path = ToYamlPath(failure.PropertyName);
            // A value that could not be read was reported by the reader; a rule about it would only repeat that.
            if (!reader.IsUnreadable(path))
            {
                reader.AddError(path, failure.ErrorMessage);
            }
        }

        return reader.Errors.Count == 0 ? toModel(dto) : null;
    }

    /// <summary>Turns FluentValidation's <c>Items[2].MaxValue</c> into the YAML path <c>items[2].maxValue</c>.</summary>
    private static string ToYamlPath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(segment =>
            segment.Length > 0 && char.IsUpper(segment[0]) ? char.ToLowerInvariant(segment[0]) + segment[1..] : segment));

    private static List<WorkflowDefinitionError> CheckAcrossFiles(string folder, List<ParsedFile> files)
    {
        var errors = new List<WorkflowDefinitionError>();
        var valid = files.Where(f => f.Definition is not null).ToList();

        foreach (var group in valid.GroupBy(f => f.Definition!.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var first = group.First();
            errors.AddRange(group.Skip(1).Select(f => f.ErrorAt("id", $"definition id '{group.Key}' is already used by {first.File}")));
        }

        var inspections = valid.Where(f => f.Definition is InspectionWorkflow).ToList();
        foreach (var group in inspections.GroupBy(f => ((InspectionWorkflow)f.Definition!).AssetType, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var first = group.First();
            errors.AddRange(group.Skip(1).Select(f => f.ErrorAt("assetType", $"asset type '{group.Key}' already has an inspection workflow in {first.File}")));
        }

        var rectifications = valid.Where(f => f.Definition is RectificationWorkflow).ToList();
        errors.AddRange(rectifications.Skip(1).Select(f => f.ErrorAt("kind", $"only one rectification definition is allowed; {rectifications[0].File} is one")));

        var ratings = valid.Where(f => f.Definition is ZoneRatingDefinition).ToList();
        errors.AddRange(ratings.Skip(1).Select(f => f.ErrorAt("kind", $"only one zone rating definition is allowed; {ratings[0].File} is one")));

        // A missing kind is only certain when every file could be read.
        if (valid.Count == files.Count)
        {
            if (rectifications.Count == 0)
            {
                errors.Add(new WorkflowDefinitionError(folder, 0, 0, string.Empty, "no rectification definition found; exactly one is required"));
            }

            if (inspections.Count == 0)
            {
                errors.Add(new WorkflowDefinitionError(folder, 0, 0, string.Empty, "no inspection definition found; at least one is required"));
            }
        }

        return errors;
    }

    private sealed record ParsedFile(
        string File,
        WorkflowDefinition? Definition,
        IReadOnlyList<WorkflowDefinitionError> Errors,
        YamlFieldReader Reader)
    {
        public WorkflowDefinitionError ErrorAt(string field, string message)
        {
            var position = Reader.PositionOf(field);
            return new WorkflowDefinitionError(File, position.Line, position.Column, field, message);
        }
    }
}
