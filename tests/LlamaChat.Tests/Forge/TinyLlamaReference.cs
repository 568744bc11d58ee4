using LlamaChat.Gguf;

namespace LlamaChat.Tests.Forge;

/// <summary>
/// A plain managed forward pass of a small llama-architecture GGUF (F32/F16 tensors): RMS norm, RoPE in
/// llama.cpp's "normal" pair layout, causal multi-head attention with grouped KV heads, SwiGLU feed-forward.
/// It lets tests check that forged weights do what they should without loading llama.cpp.
/// </summary>
internal sealed class TinyLlamaReference
{
    private readonly Dictionary<string, float[]> _tensors = [];
    private readonly int _embd, _heads, _kvHeads, _layers, _vocab, _ff, _headDim;
    private readonly double _eps, _freqBase;

    public TinyLlamaReference(string path)
    {
        var info = GgufFileInfo.Read(path);
        var bytes = File.ReadAllBytes(path);
        foreach (var t in info.TensorInfos)
        {
            var values = new float[t.ElementCount];
            GgmlTensorEncoder.Decode(t.Type, bytes.AsSpan((int)t.FileOffset, (int)t.ByteSize!.Value), values);
            _tensors[t.Name] = values;
        }
        _embd = info.EmbeddingLength!.Value;
        _heads = info.HeadCount!.Value;
        _kvHeads = info.HeadCountKv!.Value;
        _layers = info.BlockCount!.Value;
        _ff = info.FeedForwardLength!.Value;
        _vocab = info.VocabularySize!.Value;
        _headDim = _embd / _heads;
        _eps = info.Metadata.GetDouble("llama.attention.layer_norm_rms_epsilon");
        _freqBase = info.Metadata.GetDouble("llama.rope.freq_base");
    }

    /// <summary>The logits after the last token of <paramref name="tokens"/>.</summary>
    public double[] Logits(IReadOnlyList<int> tokens)
    {
        int n = tokens.Count;
        var x = new double[n][];
        var embd = _tensors["token_embd.weight"];
        for (int i = 0; i < n; i++) x[i] = Enumerable.Range(0, _embd).Select(d => (double)embd[tokens[i] * _embd + d]).ToArray();

        int kvDim = _kvHeads * _headDim;
        for (int l = 0; l < _layers; l++)
        {
            var q = new double[n][];
            var k = new double[n][];
            var v = new double[n][];
            for (int i = 0; i < n; i++)
            {
                var h = Norm(x[i], _tensors[$"blk.{l}.attn_norm.weight"]);
                q[i] = Rope(MatVec(_tensors[$"blk.{l}.attn_q.weight"], h, _heads * _headDim), i);
                k[i] = Rope(MatVec(_tensors[$"blk.{l}.attn_k.weight"], h, kvDim), i);
                v[i] = MatVec(_tensors[$"blk.{l}.attn_v.weight"], h, kvDim);
            }
            for (int i = 0; i < n; i++)
            {
                var attended = new double[_heads * _headDim];
                for (int head = 0; head < _heads; head++)
                {
                    int kvHead = head / (_heads / _kvHeads);
                    var scores = new double[i + 1];
                    for (int j = 0; j <= i; j++)
                    {
                        double s = 0;
                        for (int d = 0; d < _headDim; d++) s += q[i][head * _headDim + d] * k[j][kvHead * _headDim + d];
                        scores[j] = s / Math.Sqrt(_headDim);
                    }
                    double max = scores.Max();
                    var weights = scores.Select(s => Math.Exp(s - max)).ToArray();
                    double sum = weights.Sum();
                    for (int j = 0; j <= i; j++)
                        for (int d = 0; d < _headDim; d++)
                            attended[head * _headDim + d] += weights[j] / sum * v[j][kvHead * _headDim + d];
                }
                var o = MatVec(_tensors[$"blk.{l}.attn_output.weight"], attended, _embd);
                for (int d = 0; d < _embd; d++) x[i][d] += o[d];

                var h2 = Norm(x[i], _tensors[$"blk.{l}.ffn_norm.weight"]);
                var gate = MatVec(_tensors[$"blk.{l}.ffn_gate.weight"], h2, _ff);
                var up = MatVec(_tensors[$"blk.{l}.ffn_up.weight"], h2, _ff);
                var act = gate.Select((g, idx) => g / (1 + Math.Exp(-g)) * up[idx]).ToArray();
                var down = MatVec(_tensors[$"blk.{l}.ffn_down.weight"], act, _embd);
                for (int d = 0; d < _embd; d++) x[i][d] += down[d];
            }
        }
        var final = Norm(x[n - 1], _tensors["output_norm.weight"]);
        return MatVec(_tensors["output.weight"], final, _vocab);
    }

    /// <summary>Greedy continuation of <paramref name="prompt"/> until a stop token or <paramref name="max"/> tokens.</summary>
    public List<int> Greedy(IReadOnlyList<int> prompt, ISet<int> stopTokens, int max = 32)
    {
        var tokens = prompt.ToList();
        var output = new List<int>();
        while (output.Count < max)
        {
            var logits = Logits(tokens);
            int best = Array.IndexOf(logits, logits.Max());
            output.Add(best);
            if (stopTokens.Contains(best)) break;
            tokens.Add(best);
        }
        return output;
    }

    private double[] Norm(double[] x, float[] weight)
    {
        double rms = Math.Sqrt(x.Sum(v => v * v) / x.Length + _eps);
        return x.Select((v, i) => v / rms * weight[i]).ToArray();
    }

    // Rows of a ggml weight [in, out] are contiguous: row r holds the in-weights of output r.
    private static double[] MatVec(float[] w, double[] x, int rows)
    {
        var result = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            double s = 0;
            for (int c = 0; c < x.Length; c++) s += w[r * x.Length + c] * x[c];
            result[r] = s;
        }
        return result;
    }

    private double[] Rope(double[] x, int position)
    {
        var result = (double[])x.Clone();
        for (int offset = 0; offset < x.Length; offset += _headDim)
        {
            for (int pair = 0; pair < _headDim / 2; pair++)
            {
                double theta = position * Math.Pow(_freqBase, -2.0 * pair / _headDim);
                double a = x[offset + 2 * pair], b = x[offset + 2 * pair + 1];
                result[offset + 2 * pair] = a * Math.Cos(theta) - b * Math.Sin(theta);
                result[offset + 2 * pair + 1] = a * Math.Sin(theta) + b * Math.Cos(theta);
            }
        }
        return result;
    }
}
