using LlamaChat.Models;

namespace LlamaChat.Evaluation;

/// <summary>
/// Per-token logit adjustments for one model: make tokens more likely (positive), less likely (negative), or
/// impossible (<see cref="Never(int)"/>). End-of-generation tokens are never biased, so generation can always stop.
/// </summary>
public sealed class TokenBias
{
    private readonly LlamaModel _model;
    private readonly Dictionary<int, float> _biases = [];

    /// <summary>Creates an empty bias for <paramref name="model"/>.</summary>
    public TokenBias(LlamaModel model) => _model = model;

    /// <summary>Adds <paramref name="logitBias"/> to a token's logit.</summary>
    public TokenBias Set(int token, float logitBias)
    {
        _model.Native.CheckToken(token);
        if (float.IsNaN(logitBias)) throw new ArgumentException("The bias cannot be NaN.", nameof(logitBias));
        // +Infinity makes the sampler's probabilities NaN (infinity minus infinity), so random sampling then picks
        // arbitrary tokens instead of this one.
        if (float.IsPositiveInfinity(logitBias))
            throw new ArgumentException("The bias cannot be +Infinity; use a large finite bias (such as 100) to make a token (nearly) certain.", nameof(logitBias));
        if (!_model.IsEogToken(token)) _biases[token] = logitBias;
        return this;
    }

    /// <summary>Biases the tokens of <paramref name="text"/>, both as it is and without a leading space.</summary>
    public TokenBias Set(string text, float logitBias)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        foreach (var token in TokensOf(text)) Set(token, logitBias);
        return this;
    }

    /// <summary>Makes a token impossible to generate.</summary>
    public TokenBias Never(int token) => Set(token, float.NegativeInfinity);

    /// <summary>Makes every token of <paramref name="text"/> impossible to generate.</summary>
    public TokenBias Never(string text) => Set(text, float.NegativeInfinity);

    /// <summary>The biases, by token id.</summary>
    public IReadOnlyDictionary<int, float> Biases => _biases;

    private IEnumerable<int> TokensOf(string text)
    {
        var tokens = new HashSet<int>(_model.Tokenize(text));
        var trimmed = text.TrimStart();
        if (trimmed.Length > 0 && trimmed != text) tokens.UnionWith(_model.Tokenize(trimmed, trimLeadingSpace: true));
        else tokens.UnionWith(_model.Tokenize(text, trimLeadingSpace: true));
        return tokens;
    }
}
