using System.Text.Json.Nodes;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// Renders the list of available functions in the forms chat formats document them to the model.
/// </summary>
public static class ChatFunctionsDocumentation
{
    /// <summary>
    /// TypeScript function declarations, one per function, each preceded by its description as a comment:
    /// <c>// Get the time\nfunction getTime(params: {hours: "24" | "12"});</c>. Without <paramref name="documentParams"/>
    /// the params are shown as just <c>params</c>.
    /// </summary>
    public static string TypeScriptFunctionSignatures(IReadOnlyList<ChatFunctionDefinition> functions, bool documentParams = true) =>
        string.Join("\n\n", functions.Select(function =>
        {
            var text = DescriptionComment(function.Description) + "function " + function.Name + "(";
            if (function.Params is not null)
                text += documentParams ? "params: " + JsonSchemaTypeScriptFormatter.Format(function.Params) : "params";

            return text + ");";
        }));

    /// <summary>
    /// TypeScript function type aliases: <c>// Get the time\ntype getTime = (_: {hours: "24" | "12"}) => any;</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A function uses one of <paramref name="reservedNames"/>.</exception>
    public static string TypeScriptFunctionTypes(IReadOnlyList<ChatFunctionDefinition> functions, bool documentParams = true,
        IReadOnlyCollection<string>? reservedNames = null) =>
        string.Join("\n\n", functions.Select(function =>
        {
            if (reservedNames?.Contains(function.Name) == true)
                throw new ArgumentException(
                    $"The function name \"{function.Name}\" is reserved by this chat format; rename the function.", nameof(functions));

            var text = DescriptionComment(function.Description) + "type " + function.Name + " = (";
            if (documentParams && function.Params is not null)
                text += "_: " + JsonSchemaTypeScriptFormatter.Format(function.Params);

            return text + ") => any;";
        }));

    /// <summary>
    /// One JSON object per function, separated by blank lines: <c>{"name": "getTime", "description": "…", "parameters": {…}}</c>.
    /// </summary>
    public static string JsonFunctionSignatures(IReadOnlyList<ChatFunctionDefinition> functions, bool documentParams = true) =>
        string.Join("\n\n", functions.Select(function => PythonStyleJson.Serialize(NameDescriptionParameters(function, documentParams))));

    /// <summary>
    /// Llama 3.1's listing: <c>Use the function 'getTime' to: Get the time</c> followed by the JSON signature.
    /// </summary>
    public static string Llama31FunctionSignatures(IReadOnlyList<ChatFunctionDefinition> functions, bool documentParams = true) =>
        string.Join("\n\n", functions.Select(function =>
        {
            var text = $"Use the function '{function.Name}'";
            text += HasDescription(function.Description) ? " to: " + function.Description + "\n" : ".\n";
            return text + PythonStyleJson.Serialize(NameDescriptionParameters(function, documentParams));
        }));

    /// <summary>
    /// OpenAI-style tool objects, one per line: <c>{"type": "function", "function": {"name": …, "description": …, "parameters": …}}</c>
    /// (what Qwen and many other templates write inside <c>&lt;tools&gt;</c>).
    /// </summary>
    public static string OpenAiToolLines(IReadOnlyList<ChatFunctionDefinition> functions, bool documentParams = true) =>
        string.Join("\n", functions.Select(function => PythonStyleJson.Serialize(OpenAiTool(function, documentParams))));

    /// <summary>A function in OpenAI's tool format: <c>{"type": "function", "function": {name, description, parameters}}</c>.</summary>
    internal static JsonObject OpenAiTool(ChatFunctionDefinition function, bool documentParams) => new()
    {
        ["type"] = "function",
        ["function"] = NameDescriptionParameters(function, documentParams),
    };

    /// <summary>Whether a description has any visible text.</summary>
    internal static bool HasDescription(string? description) => !string.IsNullOrWhiteSpace(description);

    internal static JsonObject NameDescriptionParameters(ChatFunctionDefinition function, bool documentParams)
    {
        var obj = new JsonObject { ["name"] = function.Name };
        if (HasDescription(function.Description))
            obj["description"] = function.Description;
        if (documentParams && function.Params is not null)
            obj["parameters"] = function.Params.DeepClone();

        return obj;
    }

    private static string DescriptionComment(string? description) =>
        HasDescription(description) ? "// " + description!.Replace("\n", "\n// ") + "\n" : "";
}
