using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlamaChat.Cli.Commands;

/// <summary>The options of <c>llamachat chat</c>.</summary>
public sealed class ChatSettings : CommandSettings
{
    [CommandOption("-m|--model <PATH>")]
    [Description("Path of a GGUF model file. Without it, a tiny forged demo model is used.")]
    public string? ModelPath { get; init; }

    [CommandOption("-s|--system-prompt <TEXT>")]
    [Description("The system prompt. Default: the chat wrapper's default system prompt.")]
    public string? SystemPrompt { get; init; }

    [CommandOption("-t|--temperature <T>")]
    [Description("Sampling temperature; 0 (the default) always picks the most likely token.")]
    [DefaultValue(0f)]
    public float Temperature { get; init; }

    [CommandOption("-c|--context-size <N>")]
    [Description("Context size in tokens. Default: the largest that fits, up to the model's training context.")]
    public int? ContextSize { get; init; }

    [CommandOption("--threads <N>")]
    [Description("Threads for llama.cpp. Default: the library's default (all processors).")]
    public int? Threads { get; init; }

    [CommandOption("-p|--prompt <TEXT>")]
    [Description("Answer this one prompt, print the answer and exit (no interactive chat).")]
    public string? Prompt { get; init; }

    [CommandOption("--max-tokens <N>")]
    [Description("The most tokens one answer may have. Default: no limit.")]
    public int? MaxTokens { get; init; }

    [CommandOption("--seed <N>")]
    [Description("Seed for sampling when the temperature is above 0, for reproducible answers.")]
    public uint? Seed { get; init; }

    [CommandOption("-w|--wrapper <NAME>")]
    [Description("The chat format (e.g. chatML, llama3.1, qwen, general; any case); default: chosen from the model. See docs/chat-formats.md.")]
    public string? Wrapper { get; init; }

    [CommandOption("-g|--grammar <NAME>")]
    [Description("Constrain answers with a built-in grammar: json, json_arr, list, arithmetic, c, chess, english, japanese.")]
    public string? Grammar { get; init; }

    [CommandOption("--json-schema-file <PATH>")]
    [Description("Constrain answers to JSON that satisfies the JSON Schema in this file.")]
    public string? JsonSchemaFile { get; init; }

    /// <summary>The chat format type named by --wrapper, in the resolver's spelling (the option ignores case).</summary>
    public string? WrapperTypeName => Wrapper is null ? null
        : LlamaChat.ChatWrappers.ChatWrapperResolver.TypeNames.FirstOrDefault(n => n != "template" && string.Equals(n, Wrapper, StringComparison.OrdinalIgnoreCase));

    public override ValidationResult Validate()
    {
        if (Grammar is not null && JsonSchemaFile is not null) return ValidationResult.Error("Give either --grammar or --json-schema-file, not both.");
        if (ModelPath is not null && string.IsNullOrWhiteSpace(ModelPath)) return ValidationResult.Error("--model cannot be empty; leave it out to chat with the demo model.");
        if (Wrapper is not null && WrapperTypeName is null)
            return ValidationResult.Error(
                $"Unknown --wrapper '{Wrapper}'. Known: {string.Join(", ", LlamaChat.ChatWrappers.ChatWrapperResolver.TypeNames.Where(n => n != "template"))}.");
        if (!float.IsFinite(Temperature) || Temperature < 0) return ValidationResult.Error("--temperature must be a number, 0 or more.");
        if (ContextSize is < 1) return ValidationResult.Error("--context-size must be at least 1.");
        if (Threads is < 1 or > 512) return ValidationResult.Error("--threads must be 1 to 512.");
        if (MaxTokens is < 1) return ValidationResult.Error("--max-tokens must be at least 1.");
        if (Prompt is "") return ValidationResult.Error("--prompt cannot be empty.");
        return ValidationResult.Success();
    }
}
