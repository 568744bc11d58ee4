using LlamaChat.Forge;

namespace LlamaChat.Cli.Chat;

/// <summary>The model file to chat with: the one the user named, or the forged demo model.</summary>
/// <param name="Path">The GGUF file.</param>
/// <param name="IsDemo">Whether it is the forged demo model.</param>
public sealed record ModelSource(string Path, bool IsDemo)
{
    /// <summary>The user's model, or the demo model (forged into the cache on first use) when none is given.</summary>
    public static async Task<ModelSource> ResolveAsync(string? modelPath, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(modelPath)) return new ModelSource(modelPath, IsDemo: false);
        return new ModelSource(await DemoChatModel.GetOrCreateAsync(cancellationToken: cancellationToken), IsDemo: true);
    }
}
