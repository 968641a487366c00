namespace SafetyFlow.Workflows.Loading;

/// <summary>Where a definition came from: the parts of the model that are not written in the file itself.</summary>
internal sealed record DefinitionOrigin(string SourceFile, string ContentHash, string Source);
