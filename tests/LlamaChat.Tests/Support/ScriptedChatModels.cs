using LlamaChat.Forge;
using LlamaChat.Models;

namespace LlamaChat.Tests.Support;

/// <summary>
/// Forged models (the project's own vocabulary, no ../shared needed) whose greedy output follows a script, each with
/// a real chat format: what the model answers is known exactly, so chat behaviour can be asserted.
/// </summary>
public static class ScriptedChatModels
{
    public const string QwenThought = "Let me think.\n";
    public const string QwenAnswer = "Hello!";
    public const string Llama3Answer = "Hello from Llama!";
    public const string GeneralAnswer = "Hi there!";

    public const string ChatMlTemplate = DemoChatModel.ChatMlTemplate;

    public const string Llama3Template =
        "{{- bos_token }}{%- for message in messages %}" +
        "{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}" +
        "{%- endfor %}{%- if add_generation_prompt %}{{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{%- endif %}";

    /// <summary>
    /// ChatML with Qwen's thoughts: after <c>&lt;|im_start|&gt;assistant\n</c> the model writes
    /// <c>&lt;think&gt;\nLet me think.\n\n&lt;/think&gt;Hello!&lt;|im_end|&gt;</c>.
    /// </summary>
    public static Task<string> QwenThinkingPathAsync()
    {
        var vocabulary = new ByteBpeVocabularyBuilder()
            .AddWords("system", "user", "assistant", "Let", " me", " think", ".", "\n\n", "Hello", "!", "Write", " a", " poem")
            .AddText("You are a helpful assistant. Hi hello how are you tell me a story")
            .Build();
        int T(string text) => vocabulary.GetSingleTokenId(text);
        var think = vocabulary.GetTokenId(ForgeSpecialTokens.ThinkStart);
        var script = new TokenScript { EndTokenId = vocabulary.GetTokenId(ForgeSpecialTokens.ImEnd) };
        script.AddChain(T("\n"), think, T("\n"));
        // Once <think> was written, the newline after it starts the thought instead of another <think>.
        script.AddContextRule(think, T("\n"), T("Let"));
        script.AddChain(T("Let"), T(" me"), T(" think"), T("."), T("\n\n"), vocabulary.GetTokenId(ForgeSpecialTokens.ThinkEnd),
            T("Hello"), T("!"), vocabulary.GetTokenId(ForgeSpecialTokens.ImEnd));
        // A user who starts typing "Write" goes on with " a poem" (for prompt completion).
        script.AddChain(T("Write"), T(" a"), T(" poem"), vocabulary.GetTokenId(ForgeSpecialTokens.ImEnd));
        var builder = new ForgedModelBuilder(vocabulary) { Name = "scripted qwen thinking", ChatTemplate = ChatMlTemplate, ContextLength = 4096 }
            .WithScript(script);
        return ForgeCache.Default.GetOrCreateAsync("test-qwen-thinking", builder);
    }

    /// <summary>
    /// A plain-text model with fill-in-the-middle tokens: "The cat" continues " sat on the mat", and an infill prompt
    /// (prefix, suffix, middle token) is answered with " sat".
    /// </summary>
    public static Task<string> CompletionPathAsync()
    {
        var vocabulary = new ByteBpeVocabularyBuilder()
            .AddSpecialToken("<|fim_prefix|>").AddSpecialToken("<|fim_suffix|>").AddSpecialToken("<|fim_middle|>")
            .AddWords("The", " cat", " sat", " on", " the", " mat")
            .Build();
        int T(string text) => vocabulary.GetSingleTokenId(text);
        var end = vocabulary.GetTokenId(ForgeSpecialTokens.ImEnd);
        var script = new TokenScript { EndTokenId = end };
        script.AddChain(T(" cat"), T(" sat"), T(" on"), T(" the"), T(" mat"), end);
        script.AddChain(vocabulary.GetTokenId("<|fim_middle|>"), T(" sat"));
        var builder = new ForgedModelBuilder(vocabulary) { Name = "scripted completion", ContextLength = 4096 }.WithScript(script);
        return ForgeCache.Default.GetOrCreateAsync("test-completion", builder);
    }

    /// <summary>Llama 3.1 format: the model answers "Hello from Llama!" then <c>&lt;|eot_id|&gt;</c>.</summary>
    public static Task<string> Llama3PathAsync()
    {
        var vocabulary = new ByteBpeVocabularyBuilder
            {
                BosToken = ForgeSpecialTokens.BeginOfText, EosToken = ForgeSpecialTokens.EotId, EotToken = ForgeSpecialTokens.EotId, AddBosToken = true,
            }
            .AddWords("system", "user", "assistant", "\n\n", "Hello", " from", " Llama", "!")
            .AddText("Cutting Knowledge Date: December 2023 Today Date: 26 Jul 2024 You are a helpful assistant. Hi how are you")
            .Build();
        int T(string text) => vocabulary.GetSingleTokenId(text);
        var script = new TokenScript { EndTokenId = vocabulary.GetTokenId(ForgeSpecialTokens.EotId) };
        var headerEnd = vocabulary.Tokenize("<|end_header_id|>\n\n")[^1];
        script.AddChain(headerEnd, T("Hello"), T(" from"), T(" Llama"), T("!"), vocabulary.GetTokenId(ForgeSpecialTokens.EotId));
        var builder = new ForgedModelBuilder(vocabulary) { Name = "scripted llama 3.1", ChatTemplate = Llama3Template, ContextLength = 4096 }
            .WithScript(script);
        return ForgeCache.Default.GetOrCreateAsync("test-llama3", builder);
    }

    /// <summary>No chat template: the General format. The model answers "Hi there!" and goes on with "### Human", a stop text.</summary>
    public static Task<string> GeneralPathAsync()
    {
        var vocabulary = new ByteBpeVocabularyBuilder()
            .AddWords("Hi", " there", "!", "\n\n", "###", " Human", " Assistant")
            .AddText("You are a helpful assistant. Hello how are you")
            .Build();
        int T(string text) => vocabulary.GetSingleTokenId(text);
        var script = new TokenScript { EndTokenId = vocabulary.GetTokenId(ForgeSpecialTokens.ImEnd) };
        script.AddChain(T("\n"), T("Hi"), T(" there"), T("!"), T("\n\n"), T("###"), T(" Human"), T("\n"));
        var builder = new ForgedModelBuilder(vocabulary) { Name = "scripted general", ContextLength = 4096 }.WithScript(script);
        return ForgeCache.Default.GetOrCreateAsync("test-general", builder);
    }

    /// <summary>
    /// ChatML; the model answers "Hey" one byte token at a time although the vocabulary has "Hey" as one token, so
    /// tokenizing the answer again would give other tokens than the ones generated.
    /// </summary>
    public static async Task<LlamaModel> SplitTokensAsync()
    {
        var vocabulary = SplitTokensVocabulary();
        var (h, e, y) = SplitBytes(vocabulary);
        var script = new TokenScript { EndTokenId = vocabulary.GetTokenId(ForgeSpecialTokens.ImEnd) };
        script.AddChain(vocabulary.GetSingleTokenId("\n"), h, e, y, vocabulary.GetTokenId(ForgeSpecialTokens.ImEnd));
        var builder = new ForgedModelBuilder(vocabulary) { Name = "scripted split tokens", ChatTemplate = ChatMlTemplate, ContextLength = 4096 }
            .WithScript(script);
        return await TestModels.SharedAsync(await ForgeCache.Default.GetOrCreateAsync("test-split-tokens", builder));
    }

    /// <summary>
    /// ChatML; the model answers "Hey " in byte tokens (H, e, y, space), so that a history that trims the answer keeps
    /// less than was generated.
    /// </summary>
    public static async Task<LlamaModel> SplitTokensWithTrailingSpaceAsync()
    {
        var vocabulary = SplitTokensVocabulary();
        var (h, e, y) = SplitBytes(vocabulary);
        var script = new TokenScript { EndTokenId = vocabulary.GetTokenId(ForgeSpecialTokens.ImEnd) };
        script.AddChain(vocabulary.GetSingleTokenId("\n"), h, e, y, vocabulary.GetSingleTokenId(" "), vocabulary.GetTokenId(ForgeSpecialTokens.ImEnd));
        var builder = new ForgedModelBuilder(vocabulary) { Name = "scripted split tokens, trailing space", ChatTemplate = ChatMlTemplate, ContextLength = 4096 }
            .WithScript(script);
        return await TestModels.SharedAsync(await ForgeCache.Default.GetOrCreateAsync("test-split-tokens-space", builder));
    }

    /// <summary>
    /// ChatML; the model answers "Hey" in byte tokens, and from its second answer on (once the byte token "y" is in the
    /// context) writes a control token with no text between "e" and "y", which the answer's text cannot keep.
    /// </summary>
    public static async Task<LlamaModel> SplitTokensWithControlTokenAsync()
    {
        var vocabulary = SplitTokensVocabulary(ControlTokenText);
        var (h, e, y) = SplitBytes(vocabulary);
        var control = vocabulary.GetTokenId(ControlTokenText);
        var script = new TokenScript { EndTokenId = vocabulary.GetTokenId(ForgeSpecialTokens.ImEnd) };
        script.AddChain(vocabulary.GetSingleTokenId("\n"), h, e, y, vocabulary.GetTokenId(ForgeSpecialTokens.ImEnd));
        script.AddContextRule(y, e, control);
        script.AddChain(control, y);
        var builder = new ForgedModelBuilder(vocabulary) { Name = "scripted split tokens, control token", ChatTemplate = ChatMlTemplate, ContextLength = 4096 }
            .WithScript(script);
        return await TestModels.SharedAsync(await ForgeCache.Default.GetOrCreateAsync("test-split-tokens-control", builder));
    }

    public const string ControlTokenText = "<|reserved_0|>";

    private static ByteBpeVocabulary SplitTokensVocabulary(string? controlToken = null)
    {
        var builder = new ByteBpeVocabularyBuilder();
        if (controlToken is not null) builder.AddSpecialToken(controlToken);
        return builder.AddWords("system", "user", "assistant", "Hey", "Hi").AddText("You are a helpful assistant.").Build();
    }

    private static (int H, int E, int Y) SplitBytes(ByteBpeVocabulary vocabulary)
    {
        var bytes = vocabulary.Tokenize("H e y").Where(t => vocabulary.Detokenize([t]).Trim().Length == 1).ToArray();
        return (bytes[0], bytes[1], bytes[2]);
    }

    /// <summary>
    /// gpt-oss's Harmony format: the model thinks on the analysis channel, ends the message with &lt;|end|&gt;, and —
    /// after the re-render that follows — answers on the final channel.
    /// </summary>
    public static async Task<LlamaModel> HarmonyAsync()
    {
        string[] specials = ["<|start|>", "<|channel|>", "<|message|>", "<|end|>", "<|return|>", "<|call|>", "<|constrain|>"];
        var builder = new ByteBpeVocabularyBuilder { EosToken = "<|return|>", EotToken = "<|return|>" };
        foreach (var special in specials) builder.AddSpecialToken(special);
        var vocabulary = builder.AddWords("assistant", "analysis", "final", "Let", " me", " think", "Hello", "!")
            .AddText("You are a helpful assistant. Hi").Build();
        int T(string text) => vocabulary.GetTokenId(text);
        int W(string text) => vocabulary.GetSingleTokenId(text);
        var script = new TokenScript { EndTokenId = T("<|return|>") };
        script.AddChain(W("assistant"), T("<|channel|>"), W("analysis"), T("<|message|>"), W("Let"), W(" me"), W(" think"), T("<|end|>"));
        // Once it has thought ("Let" never occurs in the prompt), it answers on the final channel.
        script.AddContextRule(W("Let"), T("<|channel|>"), W("final"));
        script.AddChain(W("final"), T("<|message|>"));
        script.AddContextRule(W("Let"), T("<|message|>"), W("Hello"));
        script.AddChain(W("Hello"), W("!"), T("<|return|>"));
        var forged = new ForgedModelBuilder(vocabulary) { Name = "scripted harmony", ChatTemplate = ChatMlTemplate, ContextLength = 4096 }
            .WithScript(script);
        return await TestModels.SharedAsync(await ForgeCache.Default.GetOrCreateAsync("test-harmony", forged));
    }

    /// <summary>
    /// A template whose generation prompt already opens the thought (<c>&lt;think&gt;\n</c>, as Qwen 3.5 and the DeepSeek R1
    /// distills do): the model goes straight on with the thought, closes it and answers.
    /// </summary>
    public static async Task<LlamaModel> PrefilledThoughtAsync()
    {
        const string template =
            "{%- for message in messages %}" +
            "{%- set content = message['content'].split('</think>')[-1] %}" +
            "{{- '<|im_start|>' + message['role'] + '\\n' + content + '<|im_end|>' + '\\n' }}" +
            "{%- endfor %}" +
            "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n<think>\\n' }}{%- endif %}";
        var vocabulary = new ByteBpeVocabularyBuilder()
            .AddWords("system", "user", "assistant", "Let", " me", " think", ".", "\n\n", "Hello", "!")
            .AddText("You are a helpful assistant. Hi").Build();
        int W(string text) => vocabulary.GetSingleTokenId(text);
        var script = new TokenScript { EndTokenId = vocabulary.GetTokenId(ForgeSpecialTokens.ImEnd) };
        script.AddChain(W("\n"), W("Let"), W(" me"), W(" think"), W("."), W("\n\n"), vocabulary.GetTokenId(ForgeSpecialTokens.ThinkEnd),
            W("Hello"), W("!"), vocabulary.GetTokenId(ForgeSpecialTokens.ImEnd));
        var builder = new ForgedModelBuilder(vocabulary) { Name = "scripted prefilled thought", ChatTemplate = template, ContextLength = 4096 }
            .WithScript(script);
        return await TestModels.SharedAsync(await ForgeCache.Default.GetOrCreateAsync("test-prefilled-thought", builder));
    }

    public static async Task<LlamaModel> QwenThinkingAsync() => await TestModels.SharedAsync(await QwenThinkingPathAsync());
    public static async Task<LlamaModel> Llama3Async() => await TestModels.SharedAsync(await Llama3PathAsync());
    public static async Task<LlamaModel> CompletionAsync() => await TestModels.SharedAsync(await CompletionPathAsync());
    public static async Task<LlamaModel> GeneralAsync() => await TestModels.SharedAsync(await GeneralPathAsync());
}
