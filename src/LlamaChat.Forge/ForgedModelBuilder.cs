using System.Security.Cryptography;
using System.Text;
using LlamaChat.Gguf;

namespace LlamaChat.Forge;

/// <summary>
/// Describes a forged llama-architecture GGUF model — vocabulary, chat template, weights — and writes it.
/// </summary>
/// <remarks>
/// <para>Choose the weights with <see cref="WithScript(TokenScript, ScriptedWeightsOptions?)"/> (greedy output
/// follows a bigram script, for behaviour tests) or <see cref="WithRandomWeights(ForgedModelShape, GgmlType, int)"/>
/// (for benchmarks). Then <see cref="WriteAsync(string, CancellationToken)"/> to a path of your choice, or
/// <see cref="ForgeCache.GetOrCreateAsync(string, ForgedModelBuilder, CancellationToken)"/> to reuse the file across runs.</para>
/// </remarks>
/// <example>
/// <code>
/// var vocab = new ByteBpeVocabularyBuilder().AddText("assistant Hello!").Build();
/// var script = new TokenScript { EndTokenId = vocab.EosTokenId };
/// script.AddChain(vocab.Tokenize("\nHello!").Append(vocab.EosTokenId!.Value));
/// await new ForgedModelBuilder(vocab) { ChatTemplate = chatMl }.WithScript(script).WriteAsync("model.gguf");
/// </code>
/// </example>
public sealed class ForgedModelBuilder
{
    /// <summary>Bumped whenever forged files change for the same inputs, so caches do not serve stale files.</summary>
    internal const string ForgeFormatVersion = "1";

    /// <summary>The metadata key holding the content hash of a forged file.</summary>
    public const string ContentHashKey = "llamachat.forge.content_hash";

    private readonly List<KeyValuePair<string, GgufValue>> _extraMetadata = [];
    private IForgedWeights? _weights;

    /// <summary>Creates a builder for a model with <paramref name="vocabulary"/>.</summary>
    public ForgedModelBuilder(ForgeVocabulary vocabulary)
    {
        Vocabulary = vocabulary ?? throw new ArgumentNullException(nameof(vocabulary));
        ChatTemplate = vocabulary.ChatTemplate;
    }

    /// <summary>The vocabulary of the model.</summary>
    public ForgeVocabulary Vocabulary { get; }

    /// <summary><c>general.name</c> (default "LlamaChat forged model").</summary>
    public string Name { get; set; } = "LlamaChat forged model";

    /// <summary>The Jinja chat template (<c>tokenizer.chat_template</c>); defaults to the vocabulary's, <c>null</c> for none.</summary>
    public string? ChatTemplate { get; set; }

    /// <summary>The training context size (<c>llama.context_length</c>, default 8192).</summary>
    public int ContextLength { get; set; } = 8192;

    /// <summary>The RoPE base (<c>llama.rope.freq_base</c>), or <c>null</c> for the weights' default (1e12 for scripted weights, 10000 for random).</summary>
    public float? RopeFreqBase { get; set; }

    /// <summary>The RMS norm epsilon (<c>llama.attention.layer_norm_rms_epsilon</c>, default 1e-5).</summary>
    public float RmsNormEpsilon { get; set; } = 1e-5f;

    /// <summary>The shape of the model once weights are chosen, or <c>null</c> before.</summary>
    public ForgedModelShape? Shape => Weights?.Shape;

    private IForgedWeights? Weights => _weights;

    /// <summary>Uses weights whose greedy output follows <paramref name="script"/>.</summary>
    /// <exception cref="ArgumentException">The script has no end token, uses ids outside the vocabulary, or does not fit the options.</exception>
    public ForgedModelBuilder WithScript(TokenScript script, ScriptedWeightsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        options ??= new ScriptedWeightsOptions();
        _weights = new ScriptedWeights(script, options, Vocabulary.Count); // validates now, while the caller can react
        return this;
    }

    /// <summary>Uses deterministic pseudo-random weights of <paramref name="shape"/> stored as <paramref name="type"/> (F32, F16, BF16 or Q8_0).</summary>
    /// <exception cref="ArgumentException">The shape is invalid or does not fit the type.</exception>
    public ForgedModelBuilder WithRandomWeights(ForgedModelShape shape, GgmlType type = GgmlType.Q8_0, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(shape);
        _weights = new RandomWeights(shape, type, seed);
        return this;
    }

    /// <summary>Adds or replaces a metadata key written after the model's own keys.</summary>
    public ForgedModelBuilder SetMetadata(string key, GgufValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        _extraMetadata.RemoveAll(e => e.Key == key);
        _extraMetadata.Add(new(key, value));
        return this;
    }

    /// <summary>
    /// A <see cref="GgufWriter"/> holding the complete model (metadata, including <see cref="ContentHashKey"/>, and
    /// tensors produced while writing).
    /// </summary>
    /// <exception cref="InvalidOperationException">No weights were chosen.</exception>
    public GgufWriter CreateWriter()
    {
        var writer = CreateWriterWithoutHash(out _);
        writer.SetMetadata(ContentHashKey, GgufValue.Of(ComputeContentHash()));
        return writer;
    }

    /// <summary>
    /// A SHA-256 (hex) of everything that decides the file's bytes: metadata, tensor layout and weight recipe.
    /// Equal hashes mean identical files, which is what <see cref="ForgeCache"/> relies on.
    /// </summary>
    /// <exception cref="InvalidOperationException">No weights were chosen.</exception>
    public string ComputeContentHash()
    {
        var writer = CreateWriterWithoutHash(out var weights);
        return HashWriter(writer, weights.Describe());
    }

    /// <summary>Writes the model to <paramref name="path"/> (replacing any file there).</summary>
    /// <exception cref="InvalidOperationException">No weights were chosen.</exception>
    /// <exception cref="ModelFileException">The file cannot be created.</exception>
    public Task WriteAsync(string path, CancellationToken cancellationToken = default) =>
        CreateWriter().WriteAsync(path, cancellationToken);

    internal static string HashWriter(GgufWriter writer, string recipe)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"llamachat-forge-v{ForgeFormatVersion}\n{recipe}\n"));
        sha.AppendData(writer.BuildHeaderBytes());
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private GgufWriter CreateWriterWithoutHash(out IForgedWeights weights)
    {
        weights = Weights ?? throw new InvalidOperationException("Choose the weights first with WithScript or WithRandomWeights.");
        if (ContextLength < 1) throw new InvalidOperationException($"ContextLength must be positive, not {ContextLength}.");
        var shape = weights.Shape;
        var writer = new GgufWriter();
        writer.SetMetadata("general.architecture", GgufValue.Of("llama"));
        writer.SetMetadata("general.name", GgufValue.Of(Name));
        writer.SetMetadata("general.file_type", GgufValue.Of(weights.FileType));
        if (weights.FileType == 7) writer.SetMetadata("general.quantization_version", GgufValue.Of(2u));
        writer.SetMetadata("llama.context_length", GgufValue.Of((uint)ContextLength));
        writer.SetMetadata("llama.embedding_length", GgufValue.Of((uint)shape.EmbeddingLength));
        writer.SetMetadata("llama.block_count", GgufValue.Of((uint)shape.LayerCount));
        writer.SetMetadata("llama.feed_forward_length", GgufValue.Of((uint)shape.FeedForwardLength));
        writer.SetMetadata("llama.attention.head_count", GgufValue.Of((uint)shape.HeadCount));
        writer.SetMetadata("llama.attention.head_count_kv", GgufValue.Of((uint)shape.KvHeadCount));
        writer.SetMetadata("llama.rope.dimension_count", GgufValue.Of((uint)shape.HeadDimension));
        writer.SetMetadata("llama.rope.freq_base", GgufValue.Of(RopeFreqBase ?? weights.DefaultRopeFreqBase));
        writer.SetMetadata("llama.attention.layer_norm_rms_epsilon", GgufValue.Of(RmsNormEpsilon));
        writer.SetMetadata("llama.vocab_size", GgufValue.Of((uint)Vocabulary.Count));
        writer.SetMetadata(Vocabulary.GetTokenizerMetadata());
        if (ChatTemplate is not null) writer.SetMetadata("tokenizer.chat_template", GgufValue.Of(ChatTemplate));
        writer.SetMetadata(_extraMetadata);
        weights.AddTensors(writer, Vocabulary.Count);
        return writer;
    }
}
