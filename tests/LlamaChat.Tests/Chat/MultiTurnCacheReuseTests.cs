using LlamaChat.Chat;
using LlamaChat.ChatWrappers;
using LlamaChat.Models;
using LlamaChat.Tests.Support;

namespace LlamaChat.Tests.Chat;

/// <summary>
/// Three turns in every format with a scripted model (function calls included): the context the format renders for the
/// next turn must start with what the model saw, so the KV cache is kept. Formats that render the last answer
/// differently once it is history re-evaluate that answer only: Qwen, gpt-oss and templates like them leave earlier
/// thoughts out, and Hermes 2 Pro's template writes a newline after a tool response only when a message follows it.
/// </summary>
public class MultiTurnCacheReuseTests
{
    private const string Message = "Is an apple more expensive than a banana?";

    public sealed record FruitQuery(string Name);

    [SkippableTheory]
    [InlineData("ChatML", false)]
    [InlineData("Llama 3.1", false)]
    [InlineData("General", false)]
    [InlineData("Qwen calling functions", false)]
    [InlineData("Llama 3.1 calling functions", false)]
    [InlineData("Functionary v3", false)]
    [InlineData("Functionary v3 calling functions", false)]
    [InlineData("Functionary v2 calling functions", false)]
    [InlineData("Harmony calling functions", false)]
    [InlineData("Qwen 2.5 template calling functions", false)]
    [InlineData("Hermes 2 Pro template calling functions", true)]
    [InlineData("Qwen 3 template calling functions", false)]
    [InlineData("Qwen thinking", true)]
    [InlineData("Qwen thinking, thoughts kept", false)]
    [InlineData("Harmony thinking, thoughts kept", false)]
    [InlineData("Harmony thinking", true)]
    [InlineData("Jinja template thinking", true)]
    public async Task EachTurnEvaluatesOnlyWhatIsNew(string format, bool rerendersLastAnswer)
    {
        var (model, wrapper, functions) = await SetUpAsync(format);
        await using var context = await TestModels.ContextAsync(model, contextSize: 2048);
        using var sequence = context.GetSequence();
        var session = new LlamaChatSession(new LlamaChatSessionOptions(sequence) { SystemPrompt = "You are a helpful assistant.", ChatWrapper = wrapper });
        var options = new PromptOptions { MaxTokens = 80, Functions = functions };

        var inputs = new List<long>();
        var previousTurnStart = 0; // cache length when the previous turn began
        for (var turn = 1; turn <= 3; turn++)
        {
            var cached = sequence.ContextTokens.ToArray();
            var before = sequence.TokenMeter.GetState();
            var answer = await session.PromptAsync(Message, options);
            Assert.True(answer.Length > 0, $"turn {turn}: no answer; context: {model.Detokenize(sequence.ContextTokens.ToArray(), specialTokens: true)}");
            var used = sequence.TokenMeter.Diff(before);
            inputs.Add(used.InputTokens);

            var now = sequence.ContextTokens;
            var kept = 0;
            while (kept < cached.Length && kept < now.Count && now[kept] == cached[kept]) kept++;
            var dropped = cached.Length - kept;
            var lost = $"turn {turn}: the cache lost \"{model.Detokenize(cached[kept..], specialTokens: true)}\", " +
                $"the context goes on with \"{model.Detokenize(now.Skip(kept).Take(cached.Length - kept + 10).ToArray(), specialTokens: true)}\"";
            // A format that renders the last answer differently once it is history costs part of the previous turn —
            // never its message, nor anything before it.
            if (rerendersLastAnswer) Assert.True(turn == 1 || kept >= previousTurnStart + model.Tokenize(Message).Length, lost);
            else Assert.True(dropped == 0, lost);
            previousTurnStart = cached.Length;
        }
        Assert.True(inputs[1] < inputs[0], $"turn 2 evaluated {inputs[1]} tokens, turn 1 {inputs[0]}");
        Assert.True(inputs[2] <= inputs[1], $"turn 3 evaluated {inputs[2]} tokens, turn 2 {inputs[1]}: the cost grows with the history");
    }

    private static async Task<(LlamaModel Model, ChatWrapper? Wrapper, Dictionary<string, ChatSessionFunction>? Functions)> SetUpAsync(string format)
    {
        var functions = new Dictionary<string, ChatSessionFunction>
        {
            ["getFruitPrice"] = ChatSessionFunction.Define<FruitQuery>("Get the price of a fruit", query => new { name = query.Name, price = "$6" }),
            ["getTime"] = ChatSessionFunction.FromDelegate("Get the current time", () => "12:00"),
        };
        return format switch
        {
            "ChatML" => (await ScriptedChatModels.SplitTokensAsync(), null, null),
            "Llama 3.1" => (await ScriptedChatModels.Llama3Async(), new Llama3_1ChatWrapper(), null),
            "General" => (await ScriptedChatModels.GeneralAsync(), null, null),
            "Qwen calling functions" => (await FunctionCallingModels.QwenAsync(parallel: false), new QwenChatWrapper(), functions),
            "Llama 3.1 calling functions" => (await FunctionCallingModels.Llama3Async(), new Llama3_1ChatWrapper(), functions),
            "Functionary v3" => (await FunctionCallingModels.FunctionaryAsync(call: false), new FunctionaryChatWrapper(), null),
            "Functionary v3 calling functions" => (await FunctionCallingModels.FunctionaryAsync(call: true), new FunctionaryChatWrapper(), functions),
            "Functionary v2 calling functions" => (await FunctionCallingModels.FunctionaryV2Async(call: true), new FunctionaryChatWrapper(FunctionaryVariation.V2), functions),
            "Harmony calling functions" => (await FunctionCallingModels.HarmonyAsync(), new HarmonyChatWrapper(), functions),
            "Qwen 2.5 template calling functions" => (await FunctionCallingModels.QwenAsync(parallel: false), Template("Qwen-Qwen2.5-7B-Instruct"), functions),
            "Hermes 2 Pro template calling functions" => (await FunctionCallingModels.QwenAsync(parallel: false), Template("NousResearch-Hermes-2-Pro-Llama-3-8B-tool_use"), functions),
            "Qwen 3 template calling functions" => (await FunctionCallingModels.QwenAsync(parallel: false), Template("Qwen-Qwen3-0.6B"), functions),
            "Qwen thinking" => (await ScriptedChatModels.QwenThinkingAsync(), new QwenChatWrapper(), null),
            "Qwen thinking, thoughts kept" => (await ScriptedChatModels.QwenThinkingAsync(), new QwenChatWrapper(keepOnlyLastThought: false), null),
            "Harmony thinking, thoughts kept" => (await ScriptedChatModels.HarmonyAsync(), new HarmonyChatWrapper(new HarmonyChatWrapperOptions { KeepOnlyLastThought = false }), null),
            "Harmony thinking" => (await ScriptedChatModels.HarmonyAsync(), new HarmonyChatWrapper(), null),
            "Jinja template thinking" => (await ScriptedChatModels.PrefilledThoughtAsync(), null, null),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
    }

    private static JinjaTemplateChatWrapper Template(string name)
    {
        var path = Path.Combine(ChatWrappers.FixturePaths.ChatTemplates, name + ".jinja");
        Skip.IfNot(File.Exists(path), "The shared fixtures are missing.");
        return new JinjaTemplateChatWrapper(new JinjaTemplateChatWrapperOptions { Template = File.ReadAllText(path) });
    }
}
