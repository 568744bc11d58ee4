using System.Text.Json.Nodes;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// One way a specialized wrapper may reproduce a Jinja template: the wrapper to compare (<see cref="Test"/>), the
/// wrapper to use when it matches (<see cref="Apply"/>, usually the same without test-only settings such as a fixed date),
/// whether function-call conversations are compared, and extra template variables.
/// </summary>
internal sealed record JinjaMatchConfiguration(
    string Description,
    Func<ChatWrapper> Test,
    Func<ChatWrapper> Apply,
    bool CompareFunctionCalls = true,
    JsonObject? RenderParameters = null);
