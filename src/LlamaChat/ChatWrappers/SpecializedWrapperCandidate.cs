namespace LlamaChat.ChatWrappers;

/// <summary>A specialized wrapper the resolver may use instead of a model's Jinja template.</summary>
internal sealed record SpecializedWrapperCandidate(
    string TypeName,
    IReadOnlyList<string> NameAliases,
    Func<ChatModelInfo, bool> IsCompatible,
    IReadOnlyList<JinjaMatchConfiguration> Configurations);
