using LlamaChat;
using LlamaChat.Forge;
using LlamaChat.Models;
using LlamaChat.Samples;

// Usage: dotnet run --project samples/LlamaChat.Samples -- <sample-name> [model.gguf] [--threads N]
var threads = ReadThreads(ref args);
if (args.Length == 0 || !SampleCatalog.TryGet(args[0], out var sample))
{
    if (args.Length > 0) Console.Error.WriteLine($"Unknown sample '{args[0]}'.\n");
    Console.WriteLine("Usage: dotnet run --project samples/LlamaChat.Samples -- <sample-name> [model.gguf] [--threads N]\n");
    Console.WriteLine("Samples (one per section of the chat session guide):");
    foreach (var (name, description) in SampleCatalog.All)
        Console.WriteLine($"  {name,-34} {description}");
    Console.WriteLine("\nWithout a model path, a tiny forged demo model is used; it gives the same short reply to everything.");
    return args.Length == 0 ? 0 : 1;
}

string modelPath;
if (args.Length > 1)
    modelPath = args[1];
else
{
    modelPath = await DemoChatModel.GetOrCreateAsync();
    Console.WriteLine("(No model given: using the tiny forged demo model, which always gives the same reply.)\n");
}

try
{
    await sample(new SampleArgs(modelPath, new LlamaOptions { MaxThreads = threads }));
    return 0;
}
catch (LlamaChatException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

static int? ReadThreads(ref string[] args)
{
    var index = Array.IndexOf(args, "--threads");
    if (index < 0 || index + 1 >= args.Length) return null;
    var threads = int.Parse(args[index + 1], System.Globalization.CultureInfo.InvariantCulture);
    args = [.. args[..index], .. args[(index + 2)..]];
    return threads;
}
