using System.Globalization;
using LlamaChat.Cli.Terminal;
using LlamaChat.Gguf;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlamaChat.Cli.Commands;

/// <summary><c>llamachat inspect PATH</c>: a summary of a GGUF file, read without loading the model.</summary>
public sealed class InspectCommand : AsyncCommand<InspectSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, InspectSettings settings, CancellationToken cancellationToken)
    {
        var info = await GgufFileInfo.ReadAsync(settings.Path, new GgufReadOptions { ReadTensorInfo = false }, cancellationToken);
        var grid = new LabelledGrid();
        void Row(string label, string? value) => grid.Add(label, value);

        Row("File", info.FilePath);
        Row("Size", ByteSize.Format(info.FileSize) + (info.SplicedParts > 1 ? $" in {info.SplicedParts} parts" : ""));
        Row("GGUF version", info.Version.ToString(CultureInfo.InvariantCulture));
        Row("Architecture", info.Architecture);
        Row("Name", info.Name);
        Row("Tensors", info.TensorCount.ToString("N0", CultureInfo.InvariantCulture));
        Row("Metadata keys", info.Metadata.Count.ToString(CultureInfo.InvariantCulture));
        Row("Context length", info.TrainContextSize?.ToString("N0", CultureInfo.InvariantCulture));
        Row("Vocabulary size", info.VocabularySize?.ToString("N0", CultureInfo.InvariantCulture));
        Row("Tokenizer", info.TokenizerModel is null ? null : info.TokenizerModel + (info.TokenizerPre is { } pre ? $" ({pre})" : ""));
        Row("Chat template", info.ChatTemplate is { } template ? $"yes ({template.Length:N0} characters)" : "no");

        // A summary is data, so it goes to stdout where scripts can capture it.
        AnsiConsole.Write(grid.Build());
        return 0;
    }
}
