using System.Text.Json.Nodes;

namespace LlamaChat.ChatWrappers;

/// <summary>The specialized wrappers the resolver compares with a model's Jinja template, and how to configure them for it.</summary>
internal static class SpecializedWrapperCandidates
{
    /// <summary>The date the comparison renders with (templates that print today's date get it from the same clock).</summary>
    public static readonly DateOnly TestDate = new(2024, 7, 26);

    private static Llama3PreambleOptions TestPreamble => new() { TodayDate = () => TestDate };

    private static JinjaMatchConfiguration Same(string description, Func<ChatWrapper> create, bool compareFunctionCalls = true, JsonObject? parameters = null) =>
        new(description, create, create, compareFunctionCalls, parameters);

    public static IReadOnlyList<SpecializedWrapperCandidate> All { get; } =
    [
        new("llama3.2-lightweight", ["llama 3.2", "llama-3.2", "llama3.2"], ChatWrapperResolver.IsLlama3_2Lightweight,
        [
            new("today's date", () => new Llama3_2LightweightChatWrapper(TestPreamble), () => new Llama3_2LightweightChatWrapper(), CompareFunctionCalls: false),
        ]),
        new("llama3.1", ["llama 3.1", "llama-3.1", "llama3.1", "llama 3.3", "llama-3.3"], model => model.IsSingleSpecialToken("<|eom_id|>"),
        [
            new("today's date", () => new Llama3_1ChatWrapper(TestPreamble), () => new Llama3_1ChatWrapper(), CompareFunctionCalls: false),
        ]),
        new("llama3", ["llama 3", "llama-3", "llama3"], _ => true, [Same("defaults", () => new Llama3ChatWrapper(), compareFunctionCalls: false)]),
        new("mistral", ["mistral", "codestral"], _ => true,
        [
            Same("no space before EOS", () => new MistralChatWrapper(), compareFunctionCalls: false),
            Same("space before EOS", () => new MistralChatWrapper(addSpaceBeforeEos: true), compareFunctionCalls: false),
        ]),
        new("qwen", ["qwen", "qwq"], model => model.Architecture is null || model.Architecture.StartsWith("qwen", StringComparison.OrdinalIgnoreCase),
        [
            Same("defaults", () => new QwenChatWrapper()),
            Same("line break before calls", () => new QwenChatWrapper(lineBreakBeforeFunctionCallPrefix: true)),
            new("discouraged thoughts", () => new QwenChatWrapper(thoughts: ThoughtsMode.Discourage), () => new QwenChatWrapper()),
            Same("Qwen 3.5", () => new QwenChatWrapper(variation: QwenVariation.Qwen3_5), compareFunctionCalls: false),
        ]),
        new("deepSeek", ["deepseek"], _ => true, [Same("defaults", () => new DeepSeekChatWrapper(), compareFunctionCalls: false)]),
        new("gemma4", ["gemma 4", "gemma-4", "gemma4"], _ => true,
        [
            new("without reasoning", () => new Gemma4ChatWrapper(reasoning: false), () => new Gemma4ChatWrapper(), CompareFunctionCalls: false),
        ]),
        new("gemma", ["gemma"], _ => true, [Same("defaults", () => new GemmaChatWrapper())]),
        new("harmony", ["gpt", "gpt-oss", "harmony"], _ => true,
        [
            new("today's date", () => new HarmonyChatWrapper(new HarmonyChatWrapperOptions { TodayDate = () => TestDate }),
                () => new HarmonyChatWrapper(), CompareFunctionCalls: false),
        ]),
        new("seed", ["seed"], _ => true, [Same("defaults", () => new SeedChatWrapper(), compareFunctionCalls: false)]),
        new("functionary", ["functionary"], _ => true, [Same("defaults", () => new FunctionaryChatWrapper(), compareFunctionCalls: false)]),
        new("chatML", ["chatml"], _ => true, [Same("defaults", () => new ChatMLChatWrapper())]),
        new("llama2Chat", ["llama 2", "llama-2", "llama2"], _ => true,
        [
            Same("no space before EOS", () => new Llama2ChatWrapper()),
            Same("space before EOS", () => new Llama2ChatWrapper(addSpaceBeforeEos: true)),
        ]),
        new("falconChat", ["falcon"], _ => true, [Same("defaults", () => new FalconChatWrapper())]),
        new("alpacaChat", ["alpaca"], _ => true, [Same("defaults", () => new AlpacaChatWrapper())]),
        new("general", [], _ => true, [Same("defaults", () => new GeneralChatWrapper())]),
    ];

    /// <summary>
    /// The candidates, those whose name appears earliest in the model's name or file name first (ties keep the list order).
    /// </summary>
    public static IEnumerable<SpecializedWrapperCandidate> Ordered(ChatModelInfo model)
    {
        var names = model.AllNames.Append(model.FileName?.ToLowerInvariant() ?? "").Where(name => name.Length > 0).ToList();
        int Score(SpecializedWrapperCandidate candidate)
        {
            var best = int.MaxValue;
            foreach (var name in names)
                foreach (var alias in candidate.NameAliases)
                {
                    var index = name.IndexOf(alias, StringComparison.Ordinal);
                    if (index >= 0)
                        best = Math.Min(best, index);
                }

            return best;
        }

        return All.Select((candidate, order) => (candidate, order)).OrderBy(pair => Score(pair.candidate)).ThenBy(pair => pair.order)
            .Select(pair => pair.candidate);
    }
}
