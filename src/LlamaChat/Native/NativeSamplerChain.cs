using System.Text;
using LLama.Native;

namespace LlamaChat.Native;

/// <summary>Sampler settings in llama.cpp's terms, for <see cref="NativeSamplerChain"/>.</summary>
internal sealed record NativeSamplerSettings(
    bool Greedy,
    float Temperature,
    int TopK,
    float TopP,
    float MinP,
    uint Seed,
    float? XtcProbability,
    float XtcThreshold,
    NativeDrySettings? Dry);

internal sealed record NativeDrySettings(float Multiplier, float Base, int AllowedLength, int LastTokens, IReadOnlyList<string> Breakers);

/// <summary>
/// llama.cpp's built-in samplers in node-llama-cpp's order: DRY, then either XTC + greedy, or
/// top-k, top-p, min-p, XTC, temperature and a seeded random pick.
/// </summary>
internal sealed unsafe class NativeSamplerChain : IDisposable
{
    private readonly SafeLLamaSamplerChainHandle _chain;

    public NativeSamplerChain(NativeModel model, NativeSamplerSettings s)
    {
        _chain = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        if (s.Dry is { } dry)
            _chain.AddDry(model.SafeHandle, dry.Breakers.ToArray(), dry.Multiplier, dry.Base, dry.AllowedLength, dry.LastTokens);
        if (s.Greedy)
        {
            if (s.XtcProbability is { } p) _chain.AddXTC(p, s.XtcThreshold, 1, s.Seed);
            _chain.AddGreedySampler();
            return;
        }
        if (s.TopK > 0) _chain.AddTopK(s.TopK);
        if (s.TopP < 1) _chain.AddTopP(s.TopP, 1);
        if (s.MinP > 0) _chain.AddMinP(s.MinP, 1);
        if (s.XtcProbability is { } xtc) _chain.AddXTC(xtc, s.XtcThreshold, 1, s.Seed);
        _chain.AddTemperature(s.Temperature);
        _chain.AddDistributionSampler(s.Seed);
    }

    /// <summary>Runs the chain over the candidates; the chosen one is at <see cref="LLamaTokenDataArrayRaw.Selected"/>.</summary>
    public void Apply(LLamaTokenDataArrayRaw* candidates) =>
        NativeMethods.llama_sampler_apply(_chain.DangerousGetHandle(), candidates);

    public void Accept(int token) => NativeMethods.llama_sampler_accept(_chain.DangerousGetHandle(), token);

    public void Dispose() => _chain.Dispose();
}

/// <summary>
/// A llama.cpp grammar sampler. Created through our own binding so a grammar llama.cpp cannot parse gives an
/// exception instead of the NULL sampler LLamaSharp would add (and a crash at the next sample).
/// </summary>
internal sealed unsafe class NativeGrammarSampler : IDisposable
{
    private IntPtr _sampler;

    public NativeGrammarSampler(NativeModel model, string gbnf, string root)
    {
        NativeBackend.EnsureInitialized();
        var grammarBytes = Encoding.UTF8.GetBytes(gbnf + "\0");
        var rootBytes = Encoding.UTF8.GetBytes(root + "\0");
        fixed (byte* g = grammarBytes)
        fixed (byte* r = rootBytes)
            _sampler = NativeMethods.llama_sampler_init_grammar(model.Vocab, g, r);
        if (_sampler == IntPtr.Zero)
            throw new ArgumentException("llama.cpp could not parse the grammar.");
    }

    public void Apply(LLamaTokenDataArrayRaw* candidates) => NativeMethods.llama_sampler_apply(_sampler, candidates);

    public void Accept(int token) => NativeMethods.llama_sampler_accept(_sampler, token);

    public void Dispose()
    {
        if (_sampler == IntPtr.Zero) return;
        NativeMethods.llama_sampler_free(_sampler);
        _sampler = IntPtr.Zero;
    }
}
