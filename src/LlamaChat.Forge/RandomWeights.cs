using System.Globalization;
using LlamaChat.Gguf;
using T = LlamaChat.Forge.LlamaTensorNames;

namespace LlamaChat.Forge;

/// <summary>
/// Deterministic pseudo-random weights of a given shape, for speed and memory benchmarks (the values do not
/// matter for speed). Each row is generated from its own seed, so tensors stream without being held in memory.
/// </summary>
internal sealed class RandomWeights : IForgedWeights
{
    private readonly GgmlType _type;
    private readonly ulong _seed;

    public RandomWeights(ForgedModelShape shape, GgmlType type, int seed)
    {
        shape.Validate();
        if (type is not (GgmlType.F32 or GgmlType.F16 or GgmlType.BF16 or GgmlType.Q8_0))
            throw new ArgumentException($"Random weights can be F32, F16, BF16 or Q8_0, not {type}.", nameof(type));
        if (type == GgmlType.Q8_0 && (shape.EmbeddingLength % 32 != 0 || shape.FeedForwardLength % 32 != 0 || shape.HeadDimension * shape.HeadCount % 32 != 0))
            throw new ArgumentException($"Q8_0 weights need the embedding and feed-forward lengths to be multiples of 32: {shape}.", nameof(shape));
        Shape = shape;
        _type = type;
        _seed = (ulong)seed;
    }

    public ForgedModelShape Shape { get; }

    public uint FileType => _type switch { GgmlType.F16 => 1u, GgmlType.Q8_0 => 7u, GgmlType.BF16 => 32u, _ => 0u };

    public float DefaultRopeFreqBase => 10000f;

    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"random-v1;type={_type};seed={_seed};shape={Shape}");

    public void AddTensors(GgufWriter writer, int vocabularySize)
    {
        var s = Shape;
        int n = s.EmbeddingLength;
        int q = s.HeadCount * s.HeadDimension;
        int kv = s.KvHeadCount * s.HeadDimension;
        int index = 0;

        writer.AddTensor(T.TokenEmbedding, _type, [n, vocabularySize], Uniform(index++, 1f));
        writer.AddTensor(T.OutputNorm, GgmlType.F32, [n], Ones);
        writer.AddTensor(T.Output, _type, [n, vocabularySize], Uniform(index++, 1f / MathF.Sqrt(n)));
        for (int layer = 0; layer < s.LayerCount; layer++)
        {
            writer.AddTensor(T.AttentionNorm(layer), GgmlType.F32, [n], Ones);
            writer.AddTensor(T.Query(layer), _type, [n, q], Uniform(index++, 1f / MathF.Sqrt(n)));
            writer.AddTensor(T.Key(layer), _type, [n, kv], Uniform(index++, 1f / MathF.Sqrt(n)));
            writer.AddTensor(T.Value(layer), _type, [n, kv], Uniform(index++, 1f / MathF.Sqrt(n)));
            writer.AddTensor(T.AttentionOutput(layer), _type, [q, n], Uniform(index++, 1f / MathF.Sqrt(q)));
            writer.AddTensor(T.FeedForwardNorm(layer), GgmlType.F32, [n], Ones);
            writer.AddTensor(T.FeedForwardGate(layer), _type, [n, s.FeedForwardLength], Uniform(index++, 1f / MathF.Sqrt(n)));
            writer.AddTensor(T.FeedForwardDown(layer), _type, [s.FeedForwardLength, n], Uniform(index++, 1f / MathF.Sqrt(s.FeedForwardLength)));
            writer.AddTensor(T.FeedForwardUp(layer), _type, [n, s.FeedForwardLength], Uniform(index++, 1f / MathF.Sqrt(n)));
        }
    }

    private static void Ones(long row, Span<float> values) => values.Fill(1f);

    private GgufTensorRowSource Uniform(int tensorIndex, float amplitude) => (row, values) =>
    {
        // SplitMix64 seeded per (seed, tensor, row): rows are independent, so any row can be made alone.
        ulong state = _seed * 0x9E3779B97F4A7C15UL ^ (ulong)tensorIndex << 40 ^ (ulong)row;
        float scale = amplitude / (1 << 23);
        for (int i = 0; i < values.Length; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            values[i] = ((int)(z >> 40) - (1 << 23)) * scale; // 24 random bits → [-amplitude, amplitude)
        }
    };
}
