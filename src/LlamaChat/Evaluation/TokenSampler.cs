using System.Numerics.Tensors;
using LlamaChat.Grammar;
using LlamaChat.Models;
using LlamaChat.Native;

namespace LlamaChat.Evaluation;

/// <summary>
/// Chooses tokens from logits for one evaluation: token bias and repeat penalty (managed, so the penalty can be
/// filtered), then llama.cpp's sampler chain, then the grammar. Runs on the context's decode thread right after
/// each decode. Greedy sampling with nothing else to apply takes a fast path: an argmax over the logits.
/// </summary>
internal sealed unsafe class TokenSampler : IDisposable
{
    private readonly LlamaModel _model;
    private readonly SamplingOptions _options;
    private readonly NativeSamplerChain? _chain;
    private readonly NativeGrammarSampler? _grammar;
    private readonly List<int> _generated;
    private readonly bool _fastPath;
    private LLamaTokenDataRaw[]? _candidates;
    private Utf8Continuation _utf8 = Utf8Continuation.Start;
    private float[]? _adjusted;
    private readonly bool _plainGreedyUnderGrammar;

    /// <summary>
    /// Greedy decoding wants the most likely token the grammar allows; it is nearly always among the top few, and
    /// checking those one by one is far cheaper than applying the grammar to the whole vocabulary.
    /// </summary>
    private const int TopCandidates = 32;

    public TokenSampler(LlamaModel model, SamplingOptions options, IReadOnlyList<int>? previouslyGenerated, IReadOnlyList<int>? grammarMatched = null)
    {
        options.Validate();
        _model = model;
        _options = options;
        _generated = previouslyGenerated is null ? [] : [.. previouslyGenerated];
        var penalty = options.RepeatPenalty;
        var usesPenalty = penalty is not null && penalty.LastTokens > 0
            && (penalty.Penalty != 1 || penalty.FrequencyPenalty != 0 || penalty.PresencePenalty != 0);
        var usesDry = options.DryRepeatPenalty is { Strength: > 0, LastTokens: not 0 };
        _fastPath = options.IsGreedy && !usesPenalty && !usesDry && options.Xtc is null
            && options.Grammar is null && options.TokenBias is not { Biases.Count: > 0 };
        if (!usesPenalty) _options = _options with { RepeatPenalty = null };
        if (_fastPath) return;
        _plainGreedyUnderGrammar = options.IsGreedy && options.Grammar is not null && !usesPenalty && !usesDry && options.Xtc is null
            && options.TokenBias is not { Biases.Count: > 0 };

        var native = model.Native;
        _chain = new NativeSamplerChain(native, new NativeSamplerSettings(
            options.IsGreedy, options.Temperature, options.TopK, options.TopP, options.MinP,
            options.Seed ?? (uint)Random.Shared.Next(),
            options.Xtc?.Probability, options.Xtc?.Threshold ?? 0,
            usesDry ? ToNative(options.DryRepeatPenalty!, model.Native.TrainContextSize) : null));
        if (options.Grammar is { } grammar)
        {
            try
            {
                CheckTokenReferences(grammar);
                _grammar = new NativeGrammarSampler(native, grammar.Gbnf, grammar.RootRuleName);
            }
            catch (Exception e) when (e is ArgumentException or GrammarException)
            {
                _chain.Dispose();
                if (e is GrammarException) throw;
                throw new GrammarException($"llama.cpp refused the grammar: {e.Message}", 0, 0);
            }
            foreach (var token in grammarMatched ?? [])
            {
                // llama.cpp aborts the process on a token its grammar cannot take: check each one first.
                if (!GrammarAllows(token))
                {
                    Dispose();
                    throw new GrammarException($"The grammar does not allow the tokens it is said to have matched (token {token}).", 0, 0);
                }
                AcceptUnderGrammar(token);
            }
        }
    }

    /// <summary>Token references are only valid for some models: check them against this one (llama.cpp would not).</summary>
    private void CheckTokenReferences(LlamaGrammar grammar)
    {
        foreach (var reference in grammar.Definition.TokenReferences)
        {
            if (reference.TokenId is { } id && (id < 0 || id >= _model.VocabularySize))
                throw new GrammarException(
                    $"The grammar refers to token <[{id}]>, but this model's vocabulary has {_model.VocabularySize} tokens.", reference.Line, reference.Column);
            if (reference.TokenText is { } text && _model.Tokenize(text, specialTokens: true).Length != 1)
                throw new GrammarException(
                    $"The grammar refers to token {text}, which is not a single token of this model.", reference.Line, reference.Column);
        }
    }

    // llama.cpp allocates two buffers of LastTokens entries up front (int.MaxValue: 16 GB, and the process dies)
    // but never looks further back than the training context, so larger values are capped to it.
    private static NativeDrySettings ToNative(DryRepeatPenaltyOptions dry, int trainContextSize) =>
        new(dry.Strength, dry.Base, dry.AllowedLength, dry.LastTokens is { } n ? Math.Min(n, Math.Max(trainContextSize, 1)) : -1, dry.SequenceBreakers);

    /// <summary>Chooses the next token and records it as generated.</summary>
    public GeneratedToken Sample(ReadOnlySpan<float> logits, bool confidence, int probabilities)
    {
        int token;
        if (_fastPath)
        {
            token = TensorPrimitives.IndexOfMax(logits);
        }
        else
        {
            token = SampleWithChain(logits);
        }
        // A NaN logit wins IndexOfMax and poisons every sampler; checking the chosen one is enough to catch a broken model.
        if (float.IsNaN(logits[token])) throw NotANumber();
        _generated.Add(token);
        if (!confidence && probabilities <= 0) return new GeneratedToken(token);
        return WithProbabilities(token, logits, confidence, probabilities);
    }

    private int SampleWithChain(ReadOnlySpan<float> logits)
    {
        var n = logits.Length;
        _candidates ??= GC.AllocateUninitializedArray<LLamaTokenDataRaw>(n, pinned: true);
        if (_plainGreedyUnderGrammar)
        {
            // Nothing changes the logits: the most likely token the grammar allows comes straight from them.
            var best = TensorPrimitives.IndexOfMax(logits);
            var chosen = Acceptable(best) ? best : BestAcceptableAmongTop(logits);
            if (chosen is { } token)
            {
                AcceptUnderGrammar(token);
                return token;
            }
        }
        fixed (LLamaTokenDataRaw* data = _candidates)
        {
            var array = Fill(data, logits);
            _chain!.Apply(&array);
            // Samplers may move the array's start (XTC drops the top tokens that way): read through array.Data.
            var token = array.Data[array.Selected].Id;
            if (_grammar is not null && !Acceptable(token))
                token = (_options.IsGreedy ? BestAcceptableAmongTop(AdjustedLogits(data, logits)) : null) ?? SampleUnderGrammar(data, logits);
            if (_grammar is not null) AcceptUnderGrammar(token);
            else _chain.Accept(token);
            return token;
        }
    }

    private void AcceptUnderGrammar(int token)
    {
        _chain!.Accept(token);
        _grammar!.Accept(token);
        _utf8 = _utf8.Append(_model.Native.GetPiece(token, special: false)) ?? Utf8Continuation.Start;
    }

    /// <summary>The most likely of the top candidates that the grammar (and UTF-8) allows; logits are indexed by token id.</summary>
    private int? BestAcceptableAmongTop(ReadOnlySpan<float> logits)
    {
        var top = new PriorityQueue<int, float>(TopCandidates + 1);
        for (var i = 0; i < logits.Length; i++)
        {
            if (top.Count < TopCandidates) top.Enqueue(i, logits[i]);
            else if (logits[i] > logits[top.Peek()]) top.EnqueueDequeue(i, logits[i]);
        }
        var ordered = new int[top.Count];
        for (var i = ordered.Length - 1; i >= 0; i--) ordered[i] = top.Dequeue();
        foreach (var token in ordered)
            if (!float.IsNegativeInfinity(logits[token]) && Acceptable(token)) return token;
        return null;
    }

    /// <summary>Constrains the whole vocabulary by the grammar (and to valid UTF-8), then samples again.</summary>
    private int SampleUnderGrammar(LLamaTokenDataRaw* data, ReadOnlySpan<float> logits)
    {
        var array = Fill(data, logits);
        _grammar!.Apply(&array);
        for (var i = 0; i < (int)array.Size; i++)
            if (!float.IsNegativeInfinity(array.Data[i].Logit) && _utf8.Append(_model.Native.GetPiece(array.Data[i].Id, special: false)) is null)
                array.Data[i].Logit = float.NegativeInfinity;
        _chain!.Apply(&array);
        var selected = array.Data[array.Selected];
        if (float.IsNegativeInfinity(selected.Logit))
        {
            if (float.IsNaN(logits[TensorPrimitives.IndexOfMax(logits)])) throw NotANumber();
            throw new GrammarException(
                "No token can continue the text under the grammar: every token it allows is ruled out (by a token bias, or because the model's vocabulary cannot spell it).");
        }
        return selected.Id;
    }

    private static LlamaChatException NotANumber() => new(
        "The model computed NaN (not a number) scores for the next token, so nothing can be sampled: its weights or settings " +
        "are broken (for example a NaN or zero rope frequency base, or NaN weights).");

    /// <summary>The logits after token bias and repeat penalty, by token id.</summary>
    private float[] AdjustedLogits(LLamaTokenDataRaw* data, ReadOnlySpan<float> logits)
    {
        Fill(data, logits);
        _adjusted ??= new float[logits.Length];
        for (var i = 0; i < logits.Length; i++) _adjusted[i] = data[i].Logit;
        return _adjusted;
    }

    private bool Acceptable(int token) =>
        GrammarAllows(token) && _utf8.Append(_model.Native.GetPiece(token, special: false)) is not null;

    private bool GrammarAllows(int token)
    {
        var single = new LLamaTokenDataRaw { Id = token, Logit = 0 };
        var array = new LLamaTokenDataArrayRaw { Data = &single, Size = 1, Selected = -1 };
        _grammar!.Apply(&array);
        return !float.IsNegativeInfinity(single.Logit);
    }

    private LLamaTokenDataArrayRaw Fill(LLamaTokenDataRaw* data, ReadOnlySpan<float> logits)
    {
        for (var i = 0; i < logits.Length; i++) data[i] = new LLamaTokenDataRaw { Id = i, Logit = logits[i] };
        if (_options.TokenBias is { } bias)
            foreach (var (token, value) in bias.Biases)
                if ((uint)token < (uint)logits.Length) data[token].Logit += value;
        if (_options.RepeatPenalty is { } penalty) ApplyRepeatPenalty(data, penalty);
        return new LLamaTokenDataArrayRaw { Data = data, Size = (nuint)logits.Length, Selected = -1 };
    }

    private void ApplyRepeatPenalty(LLamaTokenDataRaw* data, RepeatPenaltyOptions penalty)
    {
        var start = Math.Max(0, _generated.Count - penalty.LastTokens);
        IReadOnlyList<int> recent = _generated.GetRange(start, _generated.Count - start);
        if (penalty.PunishTokensFilter is { } filter)
            recent = filter(recent) ?? throw new InvalidOperationException(
                "RepeatPenaltyOptions.PunishTokensFilter returned null; return the tokens to penalize (an empty list for none).");
        var counts = new Dictionary<int, int>();
        foreach (var token in recent)
        {
            if (!penalty.PenalizeNewLine && token == _model.Tokens.Nl) continue;
            counts[token] = counts.GetValueOrDefault(token) + 1;
        }
        foreach (var (token, count) in counts)
        {
            if ((uint)token >= (uint)_model.VocabularySize) continue;
            ref var logit = ref data[token].Logit;
            logit = logit > 0 ? logit / penalty.Penalty : logit * penalty.Penalty;
            logit -= count * penalty.FrequencyPenalty + penalty.PresencePenalty;
        }
    }

    private static GeneratedToken WithProbabilities(int token, ReadOnlySpan<float> logits, bool confidence, int top)
    {
        var max = TensorPrimitives.Max(logits);
        double sum = 0;
        foreach (var l in logits) sum += Math.Exp(l - max);
        var probability = new Func<float, float>(logit => (float)(Math.Exp(logit - max) / sum));
        IReadOnlyList<KeyValuePair<int, float>>? list = null;
        if (top > 0)
        {
            var best = new PriorityQueue<int, float>();
            for (var i = 0; i < logits.Length; i++)
            {
                if (best.Count < top) best.Enqueue(i, logits[i]);
                else if (logits[i] > logits[best.Peek()]) best.EnqueueDequeue(i, logits[i]);
            }
            var items = new List<KeyValuePair<int, float>>(best.Count);
            while (best.TryDequeue(out var t, out var logit)) items.Add(new(t, probability(logit)));
            items.Reverse();
            list = items;
        }
        return new GeneratedToken(token) { Confidence = confidence ? probability(logits[token]) : null, Probabilities = list };
    }

    public void Dispose()
    {
        _chain?.Dispose();
        _grammar?.Dispose();
    }
}
