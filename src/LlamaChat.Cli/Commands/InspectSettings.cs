using System.ComponentModel;
using Spectre.Console.Cli;

namespace LlamaChat.Cli.Commands;

/// <summary>The arguments of <c>llamachat inspect</c>.</summary>
public sealed class InspectSettings : CommandSettings
{
    [CommandArgument(0, "<PATH>")]
    [Description("Path of a GGUF file (the first part, for a split model).")]
    public string Path { get; init; } = "";
}
