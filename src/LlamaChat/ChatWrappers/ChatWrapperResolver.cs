using System.Text.RegularExpressions;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// Chooses the chat wrapper for a model. In order: an explicitly requested type; the model's Jinja chat template
/// (a specialized wrapper when one renders it identically, otherwise <see cref="JinjaTemplateChatWrapper"/>); the model's names; substrings of
/// its chat template (the way llama.cpp recognizes templates); its file name; its BOS text; its architecture; and
/// finally <see cref="GeneralChatWrapper"/>. The result says which rule matched.
/// </summary>
public static class ChatWrapperResolver
{
    /// <summary>The type names <see cref="ChatWrapperResolveOptions.Type"/> accepts, besides <c>auto</c>.</summary>
    public static IReadOnlyList<string> TypeNames { get; } =
    [
        "general", "alpacaChat", "llama2Chat", "llama3", "llama3.1", "llama3.2-lightweight", "mistral", "chatML", "qwen", "deepSeek",
        "gemma", "gemma4", "falconChat", "functionary", "harmony", "seed", "template", "jinjaTemplate",
    ];

    /// <summary>Creates the wrapper a type name stands for, with default options; null for an unknown name or <c>template</c>.</summary>
    public static ChatWrapper? CreateByTypeName(string typeName) => typeName switch
    {
        "general" => new GeneralChatWrapper(),
        "alpacaChat" => new AlpacaChatWrapper(),
        "llama2Chat" => new Llama2ChatWrapper(),
        "llama3" => new Llama3ChatWrapper(),
        "llama3.1" => new Llama3_1ChatWrapper(),
        "llama3.2-lightweight" => new Llama3_2LightweightChatWrapper(),
        "mistral" => new MistralChatWrapper(),
        "chatML" => new ChatMLChatWrapper(),
        "qwen" => new QwenChatWrapper(),
        "deepSeek" => new DeepSeekChatWrapper(),
        "gemma" => new GemmaChatWrapper(),
        "gemma4" => new Gemma4ChatWrapper(),
        "falconChat" => new FalconChatWrapper(),
        "functionary" => new FunctionaryChatWrapper(),
        "harmony" => new HarmonyChatWrapper(),
        "seed" => new SeedChatWrapper(),
        _ => null,
    };

    /// <summary>Chooses the wrapper for <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentException">An unknown type name was requested.</exception>
    public static ChatWrapperResolution Resolve(ChatModelInfo model, ChatWrapperResolveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new ChatWrapperResolveOptions();
        var notes = new List<string>();

        if (ResolveExplicitType(model, options, notes) is { } explicitChoice)
            return explicitChoice;

        var result = ResolveByJinjaTemplate(model, options, notes)
                     ?? ResolveByName(model, notes)
                     ?? ResolveByTemplateText(model, notes)
                     ?? ResolveByFileName(model)
                     ?? ResolveByBosText(model)
                     ?? ResolveByArchitecture(model)
                     ?? Result("general", "no rule matched the model, so the general format is used");

        // Earlier rules that did not apply say why, so the reason explains the whole decision.
        return notes.Count == 0 ? result : result with { Reason = result.Reason + " (" + string.Join("; ", notes) + ")" };
    }

    private static ChatWrapperResolution? ResolveExplicitType(ChatModelInfo model, ChatWrapperResolveOptions options, List<string> notes)
    {
        var type = options.Type;
        if (string.IsNullOrEmpty(type) || type == "auto")
            return null;

        if (type == "jinjaTemplate")
        {
            var jinjaTemplate = options.JinjaTemplate ?? model.ChatTemplate;
            if (string.IsNullOrWhiteSpace(jinjaTemplate))
            {
                notes.Add("the \"jinjaTemplate\" type was requested without a template, so it was ignored");
                return null;
            }

            try
            {
                return new ChatWrapperResolution(new JinjaTemplateChatWrapper(new JinjaTemplateChatWrapperOptions { Template = jinjaTemplate, Tokenizer = model.Tokenizer }),
                    "jinjaTemplate", "the \"jinjaTemplate\" type was requested");
            }
            catch (ChatWrapperTemplateException e)
            {
                notes.Add("the requested Jinja template cannot be used (" + e.Message + ")");
                return null;
            }
        }

        if (type == "template")
        {
            if (options.TemplateOptions is null)
            {
                notes.Add("the \"template\" type was requested without TemplateOptions, so it was ignored");
                return null;
            }

            return new ChatWrapperResolution(new TemplateChatWrapper(options.TemplateOptions), "template", "the \"template\" type was requested");
        }

        if (CreateByTypeName(type) is { } wrapper)
            return new ChatWrapperResolution(wrapper, type, $"the \"{type}\" type was requested");

        throw new ArgumentException($"Unknown chat wrapper type \"{type}\"; use \"auto\" or one of: {string.Join(", ", TypeNames)}.", nameof(options));
    }

    private static ChatWrapperResolution? ResolveByJinjaTemplate(ChatModelInfo model, ChatWrapperResolveOptions options, List<string> notes)
    {
        var template = model.ChatTemplate;
        if (string.IsNullOrWhiteSpace(template))
            return null;

        var checker = new JinjaEquivalenceChecker(template);
        var rejections = new List<(string TypeName, JinjaDifference? Difference)>();
        foreach (var candidate in SpecializedWrapperCandidates.Ordered(model))
        {
            if (!candidate.IsCompatible(model))
            {
                rejections.Add((candidate.TypeName, null));
                continue;
            }

            JinjaDifference? closest = null;
            foreach (var configuration in candidate.Configurations)
            {
                var difference = checker.FindDifference(configuration);
                if (difference is null)
                    return new ChatWrapperResolution(configuration.Apply(), candidate.TypeName,
                        $"the {candidate.TypeName} wrapper ({configuration.Description}) renders the model's Jinja chat template identically");

                if (closest is null || difference.Position > closest.Position)
                    closest = difference;
            }

            rejections.Add((candidate.TypeName, closest!));
        }

        var best = rejections.Where(r => r.Difference is not null).OrderByDescending(r => r.Difference!.Position).FirstOrDefault();
        var rejected = "no specialized wrapper renders it identically" +
                       (best.Difference is null ? "" : $"; the closest, {best.TypeName}, differs: {best.Difference.Description}") +
                       " (rejected: " + string.Join(", ", rejections.Select(r => r.Difference is null ? $"{r.TypeName} (incompatible)" : $"{r.TypeName} at {r.Difference.Position}")) + ")";
        if (options.NoJinja)
        {
            notes.Add("the model's Jinja chat template is not used because NoJinja is set, and " + rejected);
            return null;
        }

        try
        {
            var wrapper = new JinjaTemplateChatWrapper(new JinjaTemplateChatWrapperOptions { Template = template, Tokenizer = model.Tokenizer });
            return new ChatWrapperResolution(wrapper, "jinjaTemplate", "the model's Jinja chat template is used as is: " + rejected);
        }
        catch (ChatWrapperTemplateException e)
        {
            notes.Add("the model's Jinja chat template cannot be used (" + e.Message + ")");
            return null;
        }
    }

    private static ChatWrapperResolution? ResolveByName(ChatModelInfo model, List<string> notes)
    {
        foreach (var name in model.AllNames)
        {
            if (Regex.IsMatch(name, @"llama[ \-_]?3[\.\-_]2\b"))
            {
                if (IsLlama3_2Lightweight(model))
                    return Result("llama3.2-lightweight", $"the model name \"{name}\" is a Llama 3.2 1B/3B model");

                notes.Add($"the model name \"{name}\" is Llama 3.2, but not a 1B/3B model with <|eom_id|>");
            }

            if (Regex.IsMatch(name, @"llama[ \-_]?3[\.\-_][123]\b"))
                return model.IsSingleSpecialToken("<|eom_id|>")
                    ? Result("llama3.1", $"the model name \"{name}\" is Llama 3.1 or later")
                    : Result("llama3", $"the model name \"{name}\" is Llama 3.1 or later, but <|eom_id|> is not a special token");

            if (Regex.IsMatch(name, @"llama[ \-_]?3\b"))
                return Result("llama3", $"the model name \"{name}\" is Llama 3");
            if (name.Contains("mistral") || name.Contains("codestral"))
                return Result("mistral", $"the model name \"{name}\" is a Mistral model");
            if (Regex.IsMatch(name, @"gemma[ \-_]?4"))
                return Result("gemma4", $"the model name \"{name}\" is Gemma 4");
            if (name.Contains("gemma"))
                return Result("gemma", $"the model name \"{name}\" is Gemma");
            if (name.Contains("gpt-oss") || name.Contains("gpt oss"))
                return Result("harmony", $"the model name \"{name}\" is gpt-oss");
            if (name.Contains("seed-oss") || name.Contains("seed oss"))
                return Result("seed", $"the model name \"{name}\" is Seed-OSS");
            if (name.Contains("functionary"))
                return Result("functionary", $"the model name \"{name}\" is Functionary");
            if (name.Contains("deepseek"))
                return Result("deepSeek", $"the model name \"{name}\" is DeepSeek");
            if (name.Contains("qwen") || name.Contains("qwq"))
                return Result("qwen", $"the model name \"{name}\" is Qwen");
        }

        return null;
    }

    private static ChatWrapperResolution? ResolveByTemplateText(ChatModelInfo model, List<string> notes)
    {
        var template = model.ChatTemplate;
        if (string.IsNullOrEmpty(template))
            return null;

        string? type = null;
        string? what = null;
        if (template.Contains("<seed:think>"))
            (type, what) = ("seed", "<seed:think>");
        else if (template.Contains("<|start|>") && template.Contains("<|channel|>"))
            (type, what) = ("harmony", "<|start|> and <|channel|>");
        else if (template.Contains("<|turn>") && template.Contains("<|tool_call>call:"))
            (type, what) = ("gemma4", "<|turn> and <|tool_call>call:");
        else if (template.Contains("<｜Assistant｜>"))
            (type, what) = ("deepSeek", "<｜Assistant｜>");
        else if (template.Contains("<|im_start|>") && (template.Contains("<tool_call>") || template.Contains("<think>")))
            (type, what) = ("qwen", "<|im_start|> with <tool_call> or <think>");
        else if (template.Contains("<|im_start|>"))
            (type, what) = ("chatML", "<|im_start|>");
        else if (template.Contains("[INST]") && (template.Contains("[TOOL_CALLS]") || template.Contains("[AVAILABLE_TOOLS]")))
            (type, what) = ("mistral", "[INST] with [TOOL_CALLS] or [AVAILABLE_TOOLS]");
        else if (template.Contains("<|start_header_id|>") && template.Contains(">>>"))
            (type, what) = ("functionary", "<|start_header_id|> with >>> recipients");
        else if (template.Contains("[INST]"))
        {
            var spaced = template.Contains("' ' + eos_token") || template.Contains("\" \" + eos_token");
            return new ChatWrapperResolution(new Llama2ChatWrapper(addSpaceBeforeEos: spaced), "llama2Chat",
                "the chat template contains [INST]" + (spaced ? " and a space before the EOS token" : ""));
        }
        else if (template.Contains("<|start_header_id|>"))
            return model.IsSingleSpecialToken("<|eom_id|>")
                ? Result("llama3.1", "the chat template contains <|start_header_id|>")
                : Result("llama3", "the chat template contains <|start_header_id|> and <|eom_id|> is not a special token");
        else if (template.Contains("<start_of_turn>"))
            (type, what) = ("gemma", "<start_of_turn>");

        return type is null ? null : Result(type, $"the chat template contains {what}");
    }

    private static ChatWrapperResolution? ResolveByFileName(ChatModelInfo model)
    {
        var file = model.FileName?.ToLowerInvariant();
        if (string.IsNullOrEmpty(file))
            return null;

        var rules = new (Func<string, bool> Matches, string Type)[]
        {
            (f => f.Contains("llama-2") && f.Contains("chat"), "llama2Chat"),
            (f => f.Contains("codellama"), "general"),
            (f => f.Contains("orca"), "chatML"),
            (f => f.Contains("dolphin") && f.Contains("mistral"), "chatML"),
            (f => f.Contains("mistral"), "general"),
            (f => f.Contains("alpaca"), "alpacaChat"),
            (f => f.Contains("functionary"), "functionary"),
            (f => Regex.IsMatch(f, @"gemma[\-_]?4"), "gemma4"),
            (f => f.Contains("gemma"), "gemma"),
            (f => f.Contains("chatml"), "chatML"),
        };
        foreach (var (matches, type) in rules)
            if (matches(file))
                return Result(type, $"the file name \"{model.FileName}\" matches the {type} format");

        return null;
    }

    private static ChatWrapperResolution? ResolveByBosText(ChatModelInfo model)
    {
        var bos = model.BosText;
        if (string.IsNullOrEmpty(bos))
            return null;

        // As in node-llama-cpp: the BOS text is the start of the format's first turn.
        if ("<s>[INST] <<SYS>>\n".StartsWith(bos, StringComparison.Ordinal))
            return Result("llama2Chat", $"the BOS text \"{bos}\" starts a Llama 2 instruction");
        if ("<|im_start|>system\n".StartsWith(bos, StringComparison.Ordinal))
            return Result("chatML", $"the BOS text \"{bos}\" starts a ChatML system turn");

        return null;
    }

    private static ChatWrapperResolution? ResolveByArchitecture(ChatModelInfo model) => model.Architecture?.ToLowerInvariant() switch
    {
        "llama" => Result("general", "the architecture is llama and nothing more specific matched"),
        "falcon" => Result("falconChat", "the architecture is falcon"),
        "gemma" or "gemma2" or "gemma3" => Result("gemma", $"the architecture is {model.Architecture}"),
        "gemma4" => Result("gemma4", "the architecture is gemma4"),
        _ => null,
    };

    internal static bool IsLlama3_2Lightweight(ChatModelInfo model)
    {
        var size = model.SizeLabel?.ToUpperInvariant();
        var small = size is "1B" or "3B" || model.AllNames.Any(name => Regex.IsMatch(name, @"\b[13]b\b"));
        return small && model.IsSingleSpecialToken("<|eom_id|>");
    }

    private static ChatWrapperResolution Result(string type, string reason) =>
        new(CreateByTypeName(type)!, type, reason);

}
