using System.Globalization;
using LlamaChat.Cli.Terminal;
using LlamaChat.Models;
using Spectre.Console;

namespace LlamaChat.Cli.Chat;

/// <summary>The few lines printed before a chat: what model runs where, with which context and chat format.</summary>
public static class ChatHeader
{
    /// <summary>Writes the header to <paramref name="console"/>.</summary>
    public static void Write(IAnsiConsole console, ChatRuntime runtime, ModelSource source)
    {
        var model = runtime.Model;
        var llama = runtime.Llama;
        var grid = new LabelledGrid();
        void Row(string label, string value) => grid.Add(label, value);

        var name = model.FileInfo.Name is { } n ? $" — {n}" : "";
        Row("Model", $"{Path.GetFileName(model.ModelPath)}{name} ({ByteSize.Format(model.FileInfo.FileSize)})");
        Row("Context", string.Create(CultureInfo.InvariantCulture,
            $"{runtime.Context.ContextSize:N0} tokens (trained on {model.TrainContextSize:N0}), {runtime.Context.Threads} thread(s)"));
        var layers = model.GpuLayers > 0 ? $", {model.GpuLayers} layers offloaded" : "";
        Row("Backend", $"{BackendName(llama.Gpu)}{layers}: {llama.GpuReason}");
        Row("Chat wrapper", $"{runtime.Session.ChatWrapper.WrapperName} ({runtime.WrapperReason})");
        console.Write(grid.Build());

        if (source.IsDemo)
        {
            console.MarkupLine("[yellow]No --model given: this is LlamaChat's tiny forged demo model. It always gives the same reply.[/]");
            console.MarkupLine("[yellow]To chat with a real model, pass a GGUF file: [bold]llamachat chat --model path/to/model.gguf[/][/]");
        }
        console.WriteLine();
    }

    private static string BackendName(GpuType gpu) => gpu switch
    {
        GpuType.Cpu => "CPU",
        GpuType.Cuda => "CUDA",
        _ => gpu.ToString(),
    };
}
