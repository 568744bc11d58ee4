using System.Globalization;
using LlamaChat.Gguf;
using T = LlamaChat.Forge.LlamaTensorNames;

namespace LlamaChat.Forge;

/// <summary>
/// Weights whose greedy output follows a <see cref="TokenScript"/> (test-models.md, "scripted weights").
/// </summary>
/// <remarks>
/// <para>Residual layout: one dimension per script token, one "default" dimension shared by all other tokens,
/// then one state dimension per marker token. Token embeddings are one-hot; attention outputs and FFNs are zero
/// except the marker heads, so the final residual is e(last token) (+ the state dimensions of markers seen).</para>
/// <para>Marker head h (layer 0): its query is constant on its last dimension pair (the lowest RoPE frequency,
/// with a huge RoPE base, so scores ignore distance), its key is non-zero only for the marker, its value is a unit
/// vector for the marker, and <c>attn_output</c> maps it into the state dimension scaled by 1/√n_embd, making the
/// state ≈ 1 after the marker's first appearance and 0 before.</para>
/// <para><c>output.weight</c>: the successor of t gets <see cref="OrdinaryWeight"/> at dim(t). For a rule
/// (marker M, token A, successor C) with ordinary successor B: B gets <see cref="RuleDefaultWeight"/> at dim(A),
/// C gets <see cref="RuleAlternativeTokenWeight"/> at dim(A) and <see cref="RuleAlternativeStateWeight"/> at state(M).
/// Before M, B wins (4 vs 2.5); after M, C wins (2.5 + 2 vs 4); elsewhere the ordinary successor (6) beats any C
/// (at most 2 per marker).</para>
/// </remarks>
internal sealed class ScriptedWeights : IForgedWeights
{
    private const float OrdinaryWeight = 6f;
    private const float RuleDefaultWeight = 4f;
    private const float RuleAlternativeTokenWeight = 2.5f;
    private const float RuleAlternativeStateWeight = 2f;
    private const int FeedForwardLength = 32;
    private const long MaxF32TableBytes = 16L << 20;

    private readonly TokenScript _script;
    private readonly ScriptedWeightsOptions _options;
    private readonly Dictionary<int, int> _dimensionOf = [];
    private readonly List<int> _markers = [];
    private readonly int _defaultDimension;
    private readonly GgmlType _tableType;
    private readonly Dictionary<int, List<(int Dimension, float Weight)>> _outputRows = [];

    public ScriptedWeights(TokenScript script, ScriptedWeightsOptions options, int vocabularySize)
    {
        _script = script;
        _options = options;
        try
        {
            script.Validate();
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException(e.Message, nameof(script), e);
        }
        int end = script.EndTokenId!.Value;

        AddDimension(end);
        foreach (var (from, to) in script.Successors)
        {
            AddDimension(from);
            AddDimension(to);
        }
        foreach (var rule in script.ContextRules)
        {
            AddDimension(rule.MarkerTokenId);
            AddDimension(rule.TokenId);
            AddDimension(rule.SuccessorTokenId);
            if (!_markers.Contains(rule.MarkerTokenId)) _markers.Add(rule.MarkerTokenId);
        }
        foreach (int token in _dimensionOf.Keys)
        {
            if (token >= vocabularySize)
                throw new ArgumentException($"The script uses token id {token}, but the vocabulary has only {vocabularySize} tokens.", nameof(script));
        }
        _defaultDimension = _dimensionOf.Count;

        int headCount = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, _markers.Count));
        int needed = _dimensionOf.Count + 1 + _markers.Count;
        int embedding = options.EmbeddingLength ?? RoundUp(Math.Max(needed, 64), 32 * headCount);
        if (embedding < needed)
            throw new ArgumentException($"EmbeddingLength {embedding} is too small for this script: it needs {needed} dimensions ({_dimensionOf.Count} script tokens, 1 default, {_markers.Count} markers).", nameof(options));
        if (embedding % headCount != 0 || embedding / headCount % 2 != 0 || embedding / headCount < 4)
            throw new ArgumentException($"EmbeddingLength {embedding} must split into {headCount} heads of an even width of at least 4.", nameof(options));
        if (options.LayerCount < 1)
            throw new ArgumentException("LayerCount must be at least 1.", nameof(options));

        Shape = new ForgedModelShape
        {
            LayerCount = options.LayerCount,
            EmbeddingLength = embedding,
            HeadCount = headCount,
            KvHeadCount = headCount,
            FeedForwardLength = FeedForwardLength,
        };
        _tableType = options.TableType ?? ((long)vocabularySize * embedding * 4 <= MaxF32TableBytes ? GgmlType.F32 : GgmlType.F16);
        if (_tableType is not (GgmlType.F32 or GgmlType.F16 or GgmlType.BF16))
            throw new ArgumentException($"TableType must be F32, F16 or BF16, not {_tableType}: quantized tables would blur the script weights.", nameof(options));
        BuildOutputRows(end);
    }

    public ForgedModelShape Shape { get; }

    public uint FileType => _tableType switch { GgmlType.F16 => 1u, GgmlType.BF16 => 32u, _ => 0u };

    // Scores of the marker heads must not depend on distance: 1e12 makes every rotation negligible.
    public float DefaultRopeFreqBase => 1e12f;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"scripted-v1;{_script.Describe()};embd={Shape.EmbeddingLength};layers={Shape.LayerCount};table={_tableType};score={_options.MarkerScore}");

    public void AddTensors(GgufWriter writer, int vocabularySize)
    {
        int n = Shape.EmbeddingLength;
        int headDim = Shape.HeadDimension;
        int heads = Shape.HeadCount;
        int attention = heads * headDim;

        writer.AddTensor(T.TokenEmbedding, _tableType, [n, vocabularySize], (token, row) =>
            row[_dimensionOf.TryGetValue((int)token, out int d) ? d : _defaultDimension] = 1f);
        writer.AddTensor(T.OutputNorm, GgmlType.F32, [n], (_, row) => row.Fill(1f));
        writer.AddTensor(T.Output, _tableType, [n, vocabularySize], (token, row) =>
        {
            if (!_outputRows.TryGetValue((int)token, out var weights)) return;
            foreach (var (dimension, weight) in weights) row[dimension] += weight;
        });

        float keyWeight = _options.MarkerScore * MathF.Sqrt(headDim) / n;
        for (int layer = 0; layer < Shape.LayerCount; layer++)
        {
            bool markerLayer = layer == 0;
            writer.AddTensor(T.AttentionNorm(layer), GgmlType.F32, [n], (_, row) => row.Fill(1f));
            writer.AddTensor(T.Query(layer), GgmlType.F32, [n, attention], (r, row) =>
            {
                // Constant query on the head's last (slowest-rotating) dimension, from every token dimension.
                if (markerLayer && MarkerHead(r, headDim, out _) && r % headDim == headDim - 2)
                    row[..(_defaultDimension + 1)].Fill(1f);
            });
            writer.AddTensor(T.Key(layer), GgmlType.F32, [n, attention], (r, row) =>
            {
                if (markerLayer && MarkerHead(r, headDim, out int marker) && r % headDim == headDim - 2)
                    row[_dimensionOf[marker]] = keyWeight;
            });
            writer.AddTensor(T.Value(layer), GgmlType.F32, [n, attention], (r, row) =>
            {
                if (markerLayer && MarkerHead(r, headDim, out int marker) && r % headDim == 0)
                    row[_dimensionOf[marker]] = 1f;
            });
            writer.AddTensor(T.AttentionOutput(layer), GgmlType.F32, [attention, n], (r, row) =>
            {
                // Row r is residual dimension r; state dimension k reads value dimension 0 of head k.
                int k = (int)r - (_defaultDimension + 1);
                if (markerLayer && k >= 0 && k < _markers.Count) row[k * headDim] = 1f / MathF.Sqrt(n);
            });
            writer.AddTensor(T.FeedForwardNorm(layer), GgmlType.F32, [n], (_, row) => row.Fill(1f));
            writer.AddTensor(T.FeedForwardGate(layer), GgmlType.F32, [n, FeedForwardLength], (_, _) => { });
            writer.AddTensor(T.FeedForwardDown(layer), GgmlType.F32, [FeedForwardLength, n], (_, _) => { });
            writer.AddTensor(T.FeedForwardUp(layer), GgmlType.F32, [n, FeedForwardLength], (_, _) => { });
        }
    }

    private bool MarkerHead(long row, int headDim, out int marker)
    {
        int head = (int)(row / headDim);
        marker = head < _markers.Count ? _markers[head] : -1;
        return head < _markers.Count;
    }

    private void BuildOutputRows(int end)
    {
        foreach (var (token, dimension) in _dimensionOf)
        {
            int successor = _script.Successors.TryGetValue(token, out int s) ? s : end;
            var rule = _script.ContextRules.FirstOrDefault(r => r.TokenId == token);
            if (rule != default)
            {
                AddOutput(successor, dimension, RuleDefaultWeight);
                AddOutput(rule.SuccessorTokenId, dimension, RuleAlternativeTokenWeight);
            }
            else
            {
                AddOutput(successor, dimension, OrdinaryWeight);
            }
        }
        AddOutput(end, _defaultDimension, OrdinaryWeight);
        foreach (var rule in _script.ContextRules)
            AddOutput(rule.SuccessorTokenId, _defaultDimension + 1 + _markers.IndexOf(rule.MarkerTokenId), RuleAlternativeStateWeight);
    }

    private void AddOutput(int token, int dimension, float weight)
    {
        if (!_outputRows.TryGetValue(token, out var list)) _outputRows[token] = list = [];
        list.Add((dimension, weight));
    }

    private void AddDimension(int token) => _dimensionOf.TryAdd(token, _dimensionOf.Count);

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
