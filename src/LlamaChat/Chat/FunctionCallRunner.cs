using System.Text.Json.Nodes;
using LlamaChat.ChatWrappers;
using LlamaChat.Evaluation;
using LlamaChat.Grammar;
using LlamaChat.History;
using LlamaChat.Models;
using LlamaChat.Text;

namespace LlamaChat.Chat;

/// <summary>
/// Writes function calls once the model has written a call prefix: the name under a grammar of the available
/// names, then the format's params prefix (injected), the params under the function's JSON-schema grammar, and the
/// suffix (injected). Where the format allows parallel calls, lets the model start another call; otherwise, or when
/// it does not, the turn stops for the caller to run the functions.
/// </summary>
internal sealed class FunctionCallRunner
{
    private const int MaxNameTokens = 64;
    private const int MaxParamsTokens = 4096;
    private const int BetweenCallsLookahead = 16;

    private readonly LlamaContextSequence _sequence;
    private readonly LlamaModel _model;
    private readonly ChatWrapperFunctionSettings _syntax;
    private readonly GenerateResponseOptions _options;
    private readonly Action<int> _onAppended;
    private readonly List<ChatModelFunctionCall> _calls = [];
    private readonly bool _keepRawCall;
    private readonly int? _tokenBudget;

    /// <param name="tokenBudget">The most tokens the model may write for the calls (what is left of <see cref="GenerateResponseOptions.MaxTokens"/>).</param>
    public FunctionCallRunner(LlamaContextSequence sequence, ChatWrapperSettings settings, GenerateResponseOptions options, Action<int> onAppended,
        int? tokenBudget, bool keepRawCall = true)
    {
        _keepRawCall = keepRawCall;
        _tokenBudget = tokenBudget;
        _sequence = sequence;
        _model = sequence.Model;
        _syntax = settings.Functions;
        _options = options;
        _onAppended = onAppended;
    }

    /// <summary>Whether the model chose a text answer instead of a call (see <see cref="RunAsync"/>).</summary>
    public bool Disengaged { get; private set; }

    /// <summary>Tokens the model wrote (injected ones not counted).</summary>
    public int GeneratedTokens { get; private set; }

    /// <summary>Whether the token budget ran out; a call cut short by it is dropped, the calls before it are returned.</summary>
    public bool BudgetExhausted => _tokenBudget is { } budget && GeneratedTokens >= budget;

    /// <summary>The text that starts a call (and the one that starts a parallel call section, when different).</summary>
    public static IEnumerable<LlamaText> StartTriggers(ChatWrapperFunctionSettings syntax)
    {
        yield return syntax.Call.Prefix;
        if (syntax.Parallelism is { } p && !p.CallSectionPrefix.IsEmpty)
        {
            yield return p.CallSectionPrefix + syntax.Call.Prefix;
            foreach (var alternate in p.CallSectionPrefixAlternateMatches) yield return alternate + syntax.Call.Prefix;
        }
    }

    /// <summary>
    /// Runs the calls. <paramref name="input"/> is what to evaluate first: the last token of the prefix (generated, not
    /// yet evaluated), and any tokens the format injects after it; <paramref name="leftover"/> is text the last token
    /// wrote after the prefix (the start of the name). Returns the calls, or null when <paramref name="leftover"/> starts
    /// no known function name. <paramref name="disengageNames"/> are recipients that mean "no call, a text answer"
    /// (Functionary's <c>all</c>): when the model writes one, <see cref="Disengaged"/> is set and no calls are returned.
    /// </summary>
    public async Task<IReadOnlyList<ChatModelFunctionCall>?> RunAsync(int[] input, string leftover, IReadOnlyList<string> disengageNames,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            var names = _options.Functions.Select(f => f.Name).Concat(_calls.Count == 0 ? disengageNames : [])
                .Where(n => n.StartsWith(leftover, StringComparison.Ordinal)).ToList();
            if (names.Count == 0) return _calls.Count > 0 ? _calls : null;

            var nameGrammar = LlamaGrammar.FromGbnf(
                "root ::= " + (leftover.Length == 0 && _syntax.Call.OptionalPrefixSpace ? "[ ]? " : "") +
                "(" + string.Join(" | ", names.Select(n => LlamaChat.Grammar.JsonSchema.GbnfRuleSet.Literal(n[leftover.Length..]))) + ")");
            var nameText = (await GenerateUntilEndAsync(input, nameGrammar, MaxNameTokens, null, cancellationToken).ConfigureAwait(false))?.TrimStart();
            if (nameText is null) return _calls.Count > 0 ? _calls : null;
            var name = leftover + nameText;
            if (_calls.Count == 0 && disengageNames.Contains(name))
            {
                Disengaged = true;
                return null;
            }
            var function = _options.Functions.FirstOrDefault(f => f.Name == name)
                ?? throw new LlamaChatException($"The model called a function named \"{name}\", which is not available.");

            var paramsPrefix = _syntax.Call.ParamsPrefix.Tokenize(_model, trimLeadingSpace: true);
            JsonNode? parameters = null;
            string paramsText;
            var callIndex = _calls.Count;
            if (function.Params is null)
            {
                paramsText = _syntax.Call.EmptyCallParamsPlaceholder?.ToJsonString() ?? "";
                input = [.. paramsPrefix, .. _model.Tokenize(paramsText, trimLeadingSpace: true)];
                _options.OnFunctionCallParamsChunk?.Invoke(new FunctionCallParamsChunk(callIndex, name, paramsText, true));
            }
            else
            {
                var schemaGrammar = JsonSchemaGrammar.FromSchema(function.Params);
                var valueGrammar = LlamaGrammar.FromGbnf(schemaGrammar.Gbnf, JsonSchemaGrammar.ValueRuleName);
                var generatedParams = await GenerateUntilEndAsync(paramsPrefix, valueGrammar, MaxParamsTokens,
                    chunk => _options.OnFunctionCallParamsChunk?.Invoke(new FunctionCallParamsChunk(callIndex, name, chunk, false)),
                    cancellationToken).ConfigureAwait(false);
                if (generatedParams is null) return _calls.Count > 0 ? _calls : null;
                paramsText = generatedParams;
                _options.OnFunctionCallParamsChunk?.Invoke(new FunctionCallParamsChunk(callIndex, name, "", true));
                parameters = schemaGrammar.Parse(paramsText);
                input = [];
            }

            _calls.Add(new ChatModelFunctionCall(name, parameters, null)
            {
                Description = function.Description,
                RawCall = _keepRawCall ? new LlamaText(_syntax.Call.Prefix, name, _syntax.Call.ParamsPrefix, paramsText, _syntax.Call.Suffix) : null,
                StartsNewChunk = callIndex == 0,
            });

            var maxParallel = _options.MaxParallelFunctionCalls ?? int.MaxValue;
            if (_syntax.Parallelism is null || _calls.Count >= maxParallel) return _calls;

            input = [.. input, .. _syntax.Call.Suffix.Tokenize(_model, trimLeadingSpace: true)];
            var next = await LookForAnotherCallAsync(input, cancellationToken).ConfigureAwait(false);
            if (next is null) return _calls;
            (input, leftover) = next.Value;
        }
    }

    /// <summary>
    /// Evaluates <paramref name="input"/> and generates under <paramref name="grammar"/> until it is complete; null when
    /// the token budget ran out first.
    /// </summary>
    private async Task<string?> GenerateUntilEndAsync(int[] input, LlamaGrammar grammar, int maxTokens, Action<string>? onChunk,
        CancellationToken cancellationToken)
    {
        foreach (var token in input) _onAppended(token);
        if (input.Length == 0) input = await ReevaluateLastTokenAsync(_sequence, cancellationToken).ConfigureAwait(false);
        var decoder = new Utf8TokenDecoder();
        var text = new System.Text.StringBuilder();
        if (BudgetExhausted) return null;
        var count = 0;
        var sampling = _options.Sampling with { Grammar = grammar, TokenBias = null };
        await foreach (var token in _sequence.EvaluateAsync(input, new EvaluateOptions { Sampling = sampling, Priority = _options.EvaluationPriority },
                           cancellationToken).ConfigureAwait(false))
        {
            if (_model.IsEogToken(token)) break; // the grammar is complete: nothing else was allowed
            GeneratedTokens++;
            _onAppended(token);
            var piece = decoder.Push(_model.GetTokenBytes(token));
            text.Append(piece);
            if (piece.Length > 0) onChunk?.Invoke(piece);
            if (++count >= maxTokens)
                throw new LlamaChatException($"The model wrote more than {maxTokens} tokens for a function call without finishing it.");
            if (BudgetExhausted) return null;
        }
        return text.Append(decoder.Flush()).ToString();
    }


    /// <summary>
    /// After a call, lets the model write a little: if it starts another call, returns what to evaluate next and the
    /// start of the name; if it ends the section or writes anything else, returns null.
    /// </summary>
    private async Task<(int[] Input, string Leftover)?> LookForAnotherCallAsync(int[] input, CancellationToken cancellationToken)
    {
        foreach (var token in input) _onAppended(token);
        if (BudgetExhausted) return null;
        if (input.Length == 0) input = await ReevaluateLastTokenAsync(_sequence, cancellationToken).ConfigureAwait(false);
        var detector = new StopTriggerDetector();
        var between = _syntax.Parallelism!.BetweenCalls;
        foreach (var trigger in new[] { between + _syntax.Call.Prefix, _syntax.Call.Prefix })
            if (TriggerCompiler.Compile(trigger, _model, "call") is { } compiled) detector.Add(compiled);
        var decoder = new Utf8TokenDecoder();
        var count = 0;
        await foreach (var token in _sequence.EvaluateAsync(input, new EvaluateOptions { Sampling = _options.Sampling with { Grammar = null } },
                           cancellationToken).ConfigureAwait(false))
        {
            if (_model.IsEogToken(token)) return null;
            GeneratedTokens++;
            var match = detector.Push(token, decoder.Push(_model.GetTokenBytes(token)));
            if (match is not null) return ([token], detector.Slice(match.End));
            _onAppended(token);
            if (++count >= BetweenCallsLookahead || detector.SafeTextEnd > 0) return null;
            if (BudgetExhausted) return null;
        }
        return null;
    }

    /// <summary>
    /// When nothing is injected, generating needs the logits of the last token, which were spent on the grammar's end:
    /// erase that token from the KV cache and return it to be evaluated again.
    /// </summary>
    internal static async Task<int[]> ReevaluateLastTokenAsync(LlamaContextSequence sequence, CancellationToken cancellationToken)
    {
        var held = sequence.ContextTokens;
        var kept = await sequence.AdaptStateToTokensAsync(held, cancellationToken).ConfigureAwait(false);
        return [.. held.Skip(kept)];
    }
}
