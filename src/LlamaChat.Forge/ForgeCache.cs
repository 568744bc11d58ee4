using LlamaChat.Gguf;

namespace LlamaChat.Forge;

/// <summary>
/// A folder of forged GGUF files named by content hash (<c>name-&lt;hash&gt;.gguf</c>), so repeated test and
/// benchmark runs forge each model once. A cached file is reused only when it reads back as valid GGUF with the
/// expected hash and size; otherwise it is written again. Writes go to a temporary file that is then renamed,
/// so concurrent runs never see a half-written model.
/// </summary>
public sealed class ForgeCache
{
    /// <summary>The environment variable that overrides <see cref="DefaultDirectory"/>.</summary>
    public const string DirectoryEnvironmentVariable = "LLAMACHAT_FORGE_CACHE";

    /// <summary>Uses <paramref name="directory"/>, or <see cref="DefaultDirectory"/> when <c>null</c>. The folder is created when needed.</summary>
    public ForgeCache(string? directory = null)
    {
        Directory = Path.GetFullPath(directory ?? DefaultDirectory);
    }

    /// <summary>The folder holding the cached files.</summary>
    public string Directory { get; }

    /// <summary>
    /// <c>$LLAMACHAT_FORGE_CACHE</c> when set, otherwise <c>llamachat-forge</c> under the per-user temporary folder
    /// (<see cref="Path.GetTempPath"/>).
    /// </summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable(DirectoryEnvironmentVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "llamachat-forge");

    /// <summary>The shared cache in <see cref="DefaultDirectory"/>.</summary>
    public static ForgeCache Default => new();

    /// <summary>
    /// The path of the model <paramref name="builder"/> describes, forging it first unless a valid copy is cached.
    /// </summary>
    /// <param name="name">A readable file name prefix, e.g. <c>demo-chat</c> (letters, digits, '-', '_', '.').</param>
    /// <param name="builder">The model.</param>
    /// <param name="cancellationToken">Cancels forging.</param>
    /// <exception cref="ArgumentException">The name has other characters.</exception>
    /// <exception cref="ModelFileException">The cache folder or file cannot be written.</exception>
    public async Task<string> GetOrCreateAsync(string name, ForgedModelBuilder builder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var writer = builder.CreateWriter();
        string hash = writer.GetMetadata(ForgedModelBuilder.ContentHashKey)!.AsString();
        return await GetOrWriteAsync(name, hash, writer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The path of a file <paramref name="writer"/> writes, identified by its header plus <paramref name="recipe"/>
    /// (a description of any tensor data the header does not determine, e.g. the source file of a copy).
    /// </summary>
    /// <exception cref="ArgumentException">The name has characters other than letters, digits, '-', '_' and '.'.</exception>
    /// <exception cref="ModelFileException">The cache folder or file cannot be written.</exception>
    public async Task<string> GetOrCreateAsync(string name, GgufWriter writer, string recipe, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(recipe);
        string hash = ForgedModelBuilder.HashWriter(writer, recipe);
        writer.SetMetadata(ForgedModelBuilder.ContentHashKey, GgufValue.Of(hash));
        return await GetOrWriteAsync(name, hash, writer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The path a model named <paramref name="name"/> with content hash <paramref name="contentHash"/> has in this cache.</summary>
    public string GetPath(string name, string contentHash)
    {
        ValidateName(name);
        return Path.Combine(Directory, $"{name}-{contentHash[..Math.Min(16, contentHash.Length)]}.gguf");
    }

    private async Task<string> GetOrWriteAsync(string name, string hash, GgufWriter writer, CancellationToken cancellationToken)
    {
        string path = GetPath(name, hash);
        if (IsValid(path, hash, writer.ComputeFileSize())) return path;
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException(Directory, $"Cannot create the forge cache folder '{Directory}': {e.Message} Set {DirectoryEnvironmentVariable} to a writable folder.", e);
        }
        string temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            await writer.WriteAsync(temporary, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        return path;
    }

    private static bool IsValid(string path, string hash, long expectedSize)
    {
        try
        {
            if (!File.Exists(path) || new FileInfo(path).Length != expectedSize) return false;
            var info = GgufFileInfo.Read(path, new GgufReadOptions { ReadTensorInfo = false, IgnoreKeys = ["tokenizer.ggml.tokens", "tokenizer.ggml.merges", "tokenizer.ggml.scores", "tokenizer.ggml.token_type"] });
            return info.Metadata.TryGetString(ForgedModelBuilder.ContentHashKey, out var stored) && stored == hash;
        }
        catch (Exception e) when (e is LlamaChatException or IOException or UnauthorizedAccessException)
        {
            return false; // a damaged or unreadable cache entry is simply forged again
        }
    }

    private static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw new ArgumentException($"Forge cache name '{name}' may only use letters, digits, '-', '_' and '.'.", nameof(name));
    }
}
