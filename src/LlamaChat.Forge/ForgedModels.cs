using System.Globalization;
using LlamaChat.Gguf;

namespace LlamaChat.Forge;

/// <summary>Ready-made forged models: the benchmark model and edited copies of existing GGUF files.</summary>
public static class ForgedModels
{
    /// <summary>
    /// A builder for the benchmark model of test-models.md: the Llama 3 vocabulary (<paramref name="llama3Vocabulary"/>,
    /// from <c>ggml-vocab-llama-bpe.gguf</c>), <see cref="ForgedModelShape.Benchmark"/>, Q8_0 random weights
    /// (about 353M parameters, 375 MB).
    /// </summary>
    public static ForgedModelBuilder CreateBenchmarkBuilder(ForgeVocabulary llama3Vocabulary)
    {
        ArgumentNullException.ThrowIfNull(llama3Vocabulary);
        return new ForgedModelBuilder(llama3Vocabulary)
        {
            Name = "LlamaChat benchmark model (forged, random weights)",
            ContextLength = 8192,
            RopeFreqBase = 500000f,
        }.WithRandomWeights(ForgedModelShape.Benchmark, GgmlType.Q8_0, seed: 1);
    }

    /// <summary>
    /// The path of the benchmark model in <paramref name="cache"/> (the default cache when <c>null</c>), forged on
    /// first use from the vocabulary file <paramref name="llama3VocabularyPath"/> (takes a few seconds).
    /// </summary>
    /// <exception cref="ModelFileException">The vocabulary file cannot be opened, or the cache cannot be written.</exception>
    /// <exception cref="GgufFormatException">The vocabulary file is not valid GGUF.</exception>
    public static async Task<string> GetBenchmarkModelAsync(string llama3VocabularyPath, ForgeCache? cache = null, CancellationToken cancellationToken = default)
    {
        var vocabulary = await CopiedVocabulary.FromGgufAsync(llama3VocabularyPath, cancellationToken).ConfigureAwait(false);
        return await (cache ?? ForgeCache.Default).GetOrCreateAsync("bench-llama3-q8", CreateBenchmarkBuilder(vocabulary), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Copies the GGUF file (or split model) at <paramref name="sourcePath"/> to <paramref name="destinationPath"/>
    /// after <paramref name="edit"/> changes its metadata (e.g. adds <c>tokenizer.chat_template</c>); tensors are copied
    /// byte for byte.
    /// </summary>
    /// <exception cref="ModelFileException">A file cannot be opened or created.</exception>
    /// <exception cref="GgufFormatException">The source is not valid GGUF.</exception>
    public static async Task CopyWithChangesAsync(string sourcePath, string destinationPath, Action<GgufWriter> edit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var writer = await GgufWriter.FromFileAsync(sourcePath, cancellationToken).ConfigureAwait(false);
        edit(writer);
        await writer.WriteAsync(destinationPath, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Like <see cref="CopyWithChangesAsync"/>, into <paramref name="cache"/> (the default cache when <c>null</c>): the copy
    /// is made once per source file version and edit result.
    /// </summary>
    /// <exception cref="ModelFileException">A file cannot be opened or created.</exception>
    /// <exception cref="GgufFormatException">The source is not valid GGUF.</exception>
    public static async Task<string> GetOrCopyWithChangesAsync(string name, string sourcePath, Action<GgufWriter> edit, ForgeCache? cache = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var writer = await GgufWriter.FromFileAsync(sourcePath, cancellationToken).ConfigureAwait(false);
        edit(writer);
        var source = new FileInfo(sourcePath);
        string recipe = string.Create(CultureInfo.InvariantCulture, $"copy;{source.FullName};{source.Length};{source.LastWriteTimeUtc.Ticks}");
        return await (cache ?? ForgeCache.Default).GetOrCreateAsync(name, writer, recipe, cancellationToken).ConfigureAwait(false);
    }
}
