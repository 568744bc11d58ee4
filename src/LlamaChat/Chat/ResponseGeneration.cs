using LlamaChat.ChatWrappers;
using LlamaChat.Evaluation;
using LlamaChat.Grammar;
using LlamaChat.History;
using LlamaChat.Models;
using LlamaChat.Text;

namespace LlamaChat.Chat;

/// <summary>
/// One call of <see cref="LlamaChatEngine.GenerateResponseAsync"/>: renders the history, evaluates what the KV cache lacks and
/// runs the per-token loop (stop triggers, segments, budgets, prefix and re-render triggers, function calls) until the
/// response is done; re-renders when the context is full, a segment reaches its budget or the format asks for it.
/// </summary>
internal sealed class ResponseGeneration(
    LlamaChatEngine engine,
    IReadOnlyList<ChatHistoryItem> baseHistory,
    ResponseAssembler response,
    GenerateResponseOptions options,
    CancellationToken cancellationToken)
{
    private enum TriggerKind { Stop, Custom, SegmentStart, SegmentEnd, CloseAllSegments, FunctionCall, Prefix, Rerender, IgnoreStart }

    /// <summary>
    /// How one evaluation ended: with the result; by needing a re-render; at a function call (what to evaluate
    /// first, and the start of the name); or by going on with injected tokens in the same render.
    /// </summary>
    private sealed record Outcome(ChatResponseResult? Result = null, int[]? CallInput = null, string CallLeftover = "", int[]? Continue = null,
        bool CallAnnouncedByPrefixTrigger = false)
    {
        public static readonly Outcome Rerender = new();
    }

    private sealed record TriggerTag(TriggerKind Kind, ChatModelSegmentType? Segment = null, ChatWrapperPrefixTrigger? PrefixTrigger = null,
        ChatWrapperRerender? Rerender = null);

    private readonly LlamaModel _model = engine.Sequence.Model;
    private readonly List<int> _allGenerated = [];
    private int _generatedCount;
    private IReadOnlyList<ChatHistoryItem> _window = [];
    private SamplingOptions? _freeTextSampling; // built once: the combined call-or-answer grammar is parsed from GBNF
    private bool TrimWhitespaceSuffix => options.TrimWhitespaceSuffix || options.Sampling.Grammar?.TrimWhitespaceSuffix == true;

    private int _callStart; // where the last function call prefix started in the detector's text
    private bool _prefixTriggersActive; // the format's prefix triggers count only at the start of a render

    // Per render:
    private StopTriggerDetector _detector = new();
    private List<(int[] Tokens, int End)> _groups = [];
    private int _released;
    private int _emittedGroups;

    public async Task<ChatResponseResult> RunAsync()
    {
        if (options.ResponsePrefix is { Length: > 0 } prefix && response.IsEmpty)
            response.Append(prefix, []);

        while (true)
        {
            var current = (IReadOnlyList<ChatHistoryItem>)[.. baseHistory, response.ToResponse()];
            var (state, tokens, window) = engine.RenderFitting(current, options);
            _window = window;
            OpenPrefilledThought(state);
            BuildDetector(state);
            var kept = await engine.Sequence.AdaptStateToTokensAsync(tokens, cancellationToken).ConfigureAwait(false);
            var generated = new List<int>();
            var input = tokens[kept..];
            if (state.PrefixTriggers.Count > 0 && options.Sampling.Grammar is not null && state.NoPrefixTrigger is { } noPrefix)
            {
                // A grammar decides the text from the first token, so the format's prefix is written for the model.
                var inject = noPrefix.Inject?.Tokenize(_model, trimLeadingSpace: true) ?? [];
                input = [.. input, .. inject];
                generated.AddRange(inject);
                _prefixTriggersActive = false;
                if (noPrefix.Kind == PrefixTriggerKind.Segment && noPrefix.SegmentType is { } segment) response.OpenSegment(segment);
            }
            ChatResponseResult? result = null;
            while (true)
            {
                var outcome = await GenerateAsync(input, generated).ConfigureAwait(false);
                result = outcome.Result;
                if (outcome.Continue is { } next)
                {
                    input = next;
                    generated.AddRange(next.Skip(1)); // the first token is the generated one, recorded already
                    continue;
                }
                if (outcome.CallInput is not { } callInput) break;
                // A call announced by a prefix trigger (Harmony's channels) is rendered by the wrapper, whose call text
                // includes the turn header the trigger replaced; otherwise the call is kept exactly as generated.
                var runner = new FunctionCallRunner(engine.Sequence, engine.ChatWrapper.Settings, options, generated.Add,
                    options.MaxTokens - _generatedCount, keepRawCall: !outcome.CallAnnouncedByPrefixTrigger);
                var calls = await runner.RunAsync(callInput, outcome.CallLeftover, DisengageNames(state), cancellationToken).ConfigureAwait(false);
                _generatedCount += runner.GeneratedTokens;
                if (calls is null && runner.BudgetExhausted)
                {
                    result = Finish(StopReason.MaxTokens, null); // the call was cut short: only the text before it is kept
                    break;
                }
                if (runner.Disengaged)
                {
                    // The model chose a text answer. The token that ended the recipient's grammar was dropped, so
                    // evaluate the last token again to get the logits to go on from.
                    input = await FunctionCallRunner.ReevaluateLastTokenAsync(engine.Sequence, cancellationToken).ConfigureAwait(false);
                    _prefixTriggersActive = false;
                    continue;
                }
                if (calls is not null) result = Finish(StopReason.FunctionCalls, null) with { FunctionCalls = calls };
                else response.Append(_detector.Slice(_callStart), []); // not a known function: the prefix was just text
                break;
            }
            engine.RememberContext(state.ContextText, tokens, [.. generated]);
            if (result is not null) return result;
        }
    }

    /// <summary>
    /// Some templates end the generation prompt with an opening thought tag (Qwen 3.5, DeepSeek R1 distills): the
    /// model's turn then starts inside a thought, which must be treated as one and not as the answer.
    /// </summary>
    private void OpenPrefilledThought(ChatWrapperContextState state)
    {
        if (response.OpenSegmentType is not null || !response.IsEmpty || engine.ChatWrapper.Settings.Segments.Thought is not { } thought) return;
        var prefix = thought.Prefix.ToString().TrimEnd();
        if (prefix.Length > 0 && state.ContextText.ToString().TrimEnd().EndsWith(prefix, StringComparison.Ordinal))
            response.OpenSegment(ChatModelSegmentType.Thought);
    }

    private void BuildDetector(ChatWrapperContextState state)
    {
        _detector = new StopTriggerDetector();
        _groups = [];
        _released = 0;
        _emittedGroups = 0;
        _prefixTriggersActive = state.PrefixTriggers.Count > 0;
        void Add(LlamaText text, TriggerTag tag)
        {
            if (TriggerCompiler.Compile(text, _model, tag) is { } trigger) _detector.Add(trigger);
        }
        // Re-render triggers first: when one has the same text as a segment suffix (Harmony's <|end|>), it wins.
        if (state.Rerender is { } rerender)
            foreach (var trigger in rerender.Triggers) Add(trigger, new TriggerTag(TriggerKind.Rerender, Rerender: rerender));
        foreach (var prefixTrigger in state.PrefixTriggers)
            foreach (var trigger in prefixTrigger.Triggers) Add(trigger, new TriggerTag(TriggerKind.Prefix, PrefixTrigger: prefixTrigger));
        foreach (var trigger in state.IgnoreStartText) Add(trigger, new TriggerTag(TriggerKind.IgnoreStart));
        foreach (var trigger in state.StopGenerationTriggers) Add(trigger, new TriggerTag(TriggerKind.Stop));
        // A grammar's own stop triggers (the line breaks after a JSON value) end the answer too.
        foreach (var trigger in options.Sampling.Grammar?.StopGenerationTriggers ?? []) Add(trigger, new TriggerTag(TriggerKind.Stop));
        foreach (var trigger in options.CustomStopTriggers) Add(trigger, new TriggerTag(TriggerKind.Custom));
        var segments = engine.ChatWrapper.Settings.Segments;
        foreach (var type in new[] { ChatModelSegmentType.Thought, ChatModelSegmentType.Comment })
        {
            if (segments.Get(type) is not { } syntax) continue;
            Add(syntax.Prefix, new TriggerTag(TriggerKind.SegmentStart, type));
            if (syntax.Suffix is { } suffix) Add(suffix, new TriggerTag(TriggerKind.SegmentEnd, type));
        }
        if (segments.CloseAllSegments is { } closeAll) Add(closeAll, new TriggerTag(TriggerKind.CloseAllSegments));
        if (options.Functions.Count > 0 && state.DetectFunctionCalls)
            foreach (var start in FunctionCallRunner.StartTriggers(engine.ChatWrapper.Settings.Functions))
                Add(start, new TriggerTag(TriggerKind.FunctionCall));
    }

    /// <summary>
    /// The sampling grammar for free text. With functions and a grammar together, the model may either start a
    /// function call or write the answer the grammar describes.
    /// </summary>
    private SamplingOptions FreeTextSampling() => _freeTextSampling ??= CreateFreeTextSampling();

    private SamplingOptions CreateFreeTextSampling()
    {
        if (options.Sampling.Grammar is not { } answer || options.Functions.Count == 0) return options.Sampling;
        var prefix = engine.ChatWrapper.Settings.Functions.Call.Prefix;
        if (prefix.Values.Any(v => v.IsSpecialToken) || prefix.Values.Any(v => v.IsSpecialTokensText && TriggerCompiler.Compile(v, _model, 0)?.Parts.Any(p => p is int) == true))
            return options.Sampling; // the call prefix has control tokens, which a grammar cannot spell: only the answer is possible
        var combined = answer.Gbnf + "\nllamachat-call-or-answer ::= " + LlamaChat.Grammar.JsonSchema.GbnfRuleSet.Literal(string.Concat(prefix.Values.Select(v => v.Text))) +
            " llamachat-any | " + answer.RootRuleName + "\nllamachat-any ::= [^\\x00]*\n";
        return options.Sampling with { Grammar = LlamaGrammar.FromGbnf(combined, "llamachat-call-or-answer") };
    }

    /// <summary>Runs the evaluation; returns the result when the response is done, or null to re-render and go on.</summary>
    private async Task<Outcome> GenerateAsync(int[] input, List<int> generated)
    {
        var decoder = new Utf8TokenDecoder();
        var pending = new List<int>();
        var evaluate = new EvaluateOptions
        {
            Sampling = FreeTextSampling(),
            Priority = options.EvaluationPriority,
            PreviouslyGeneratedTokens = _allGenerated,
        };
        try
        {
            if (BudgetExhausted()) { response.CloseSegment(ended: true); return Outcome.Rerender; }
            // The limit is checked after each token, so without this MaxTokens = 0 (or a limit used up by function
            // calls) would still generate one.
            if (options.MaxTokens is { } limit && _generatedCount >= limit) return new Outcome(Finish(StopReason.MaxTokens, null));
            await foreach (var token in engine.Sequence.EvaluateAsync(input, evaluate, cancellationToken).ConfigureAwait(false))
            {
                _generatedCount++;
                if (_model.IsEogToken(token))
                {
                    ReleaseAll(decoder.Flush());
                    return new Outcome(Finish(StopReason.EogToken, null));
                }
                generated.Add(token);
                _allGenerated.Add(token);
                pending.Add(token);
                var text = decoder.Push(_model.GetTokenBytes(token));
                if (decoder.HasPendingBytes && text.Length == 0) continue; // the character is not complete yet
                var match = _detector.Push(pending.Count == 1 ? pending[0] : null, text);
                _groups.Add(([.. pending], _detector.TextLength));
                pending.Clear();

                var kind = match is null ? (TriggerKind?)null : ((TriggerTag)match.Trigger.Tag!).Kind;
                if (kind == TriggerKind.FunctionCall)
                {
                    Release(match!.Start);
                    _callStart = match.Start;
                    SkipTo(_detector.TextLength);
                    generated.RemoveAt(generated.Count - 1); // the runner evaluates it
                    return new Outcome(CallInput: [token], CallLeftover: _detector.Slice(match.End));
                }
                if (kind == TriggerKind.Prefix && _prefixTriggersActive && match!.Start == 0)
                {
                    var next = OnPrefixTrigger(match, token, generated);
                    if (next is not null) return next;
                    continue;
                }
                if (kind is TriggerKind.Prefix or TriggerKind.IgnoreStart)
                {
                    // A prefix trigger counts only at the very start; ignored start text only before any answer text.
                    if (kind == TriggerKind.IgnoreStart && match!.Start == 0 && response.IsEmpty) SkipTo(match.End);
                    _detector.ClearPartialMatches();
                    Release(_detector.SafeTextEnd);
                    continue;
                }
                if (kind == TriggerKind.Rerender)
                {
                    Release(match!.Start);
                    SkipTo(_detector.TextLength);
                    if (((TriggerTag)match.Trigger.Tag!).Rerender!.CloseResponseItem) response.CloseSegment(ended: true);
                    return Outcome.Rerender;
                }
                if (match is not null)
                {
                    var result = OnTrigger(match);
                    if (result is not null) return new Outcome(result);
                }
                else
                {
                    Release(_detector.SafeTextEnd);
                }
                if (_released > 0 || response.OpenSegmentType is not null) _prefixTriggersActive = false;

                if (BudgetExhausted()) { response.CloseSegment(ended: true); return Outcome.Rerender; }
                if (options.MaxTokens is { } max && _generatedCount >= max)
                {
                    ReleaseAll(decoder.Flush());
                    return new Outcome(Finish(StopReason.MaxTokens, null));
                }
                if (engine.Sequence.NextTokenIndex >= engine.Sequence.ContextSize - 1)
                {
                    ReleaseAll(decoder.Flush());
                    return Outcome.Rerender; // the context is full: re-render with a compressed history
                }
            }
            return Outcome.Rerender;
        }
        catch (OperationCanceledException) when (options.StopOnAbortSignal && _generatedCount > 0)
        {
            ReleaseAll(decoder.Flush());
            return new Outcome(Finish(StopReason.Abort, null));
        }
    }

    /// <summary>
    /// For formats whose turn starts in function-call mode (Functionary), the recipients that mean a text answer:
    /// the disengage texts without the call prefix and the line break after them (<c>&gt;&gt;&gt;all\n</c> → <c>all</c>).
    /// </summary>
    private IReadOnlyList<string> DisengageNames(ChatWrapperContextState state)
    {
        if (state.InitiallyEngagedFunctionCall is not { } engaged || _callStart > 0) return []; // only a call at the very start
        var prefix = string.Concat(engine.ChatWrapper.Settings.Functions.Call.Prefix.Values.Select(v => v.Text));
        return engaged.DisengageTriggers.Select(t => string.Concat(t.Values.Select(v => v.Text)))
            .Where(t => t.StartsWith(prefix, StringComparison.Ordinal))
            .Select(t => TextBeforeControlToken(t[prefix.Length..]))
            .Where(t => t.Length > 0)
            .Distinct()
            .ToList();
    }

    /// <summary>
    /// The part of <paramref name="text"/> a grammar can spell: up to its first control token (Functionary v2's
    /// <c>all\n&lt;|content|&gt;</c> → <c>all\n</c>); the model writes the control token itself afterwards.
    /// </summary>
    private string TextBeforeControlToken(string text)
    {
        var spelled = new System.Text.StringBuilder();
        foreach (var token in _model.Tokenize(text, specialTokens: true, trimLeadingSpace: true))
        {
            var piece = _model.Detokenize([token]);
            if (piece.Length == 0 && _model.IsSpecialToken(token)) break;
            spelled.Append(piece);
        }
        return spelled.ToString();
    }

    /// <summary>
    /// A prefix trigger at the start of the turn: enter what it announces. Returns how to go on when tokens must be
    /// injected (or a function call starts), null to keep generating as is.
    /// </summary>
    private Outcome? OnPrefixTrigger(StopTriggerMatch match, int token, List<int> generated)
    {
        var trigger = ((TriggerTag)match.Trigger.Tag!).PrefixTrigger!;
        _prefixTriggersActive = false;
        SkipTo(_detector.TextLength);
        _detector.ClearPartialMatches();
        // What should follow the trigger in the context: the injected text (and, for a call, the call prefix).
        var wanted = trigger.Inject ?? LlamaText.Empty;
        if (trigger.Kind == PrefixTriggerKind.FunctionCall) wanted += engine.ChatWrapper.Settings.Functions.Call.Prefix;
        var generatedText = match.Trigger.ToString();
        var remainder = trigger.ReplaceTrigger
            ? ContextTokenizer.TryGetRest(wanted, StripToText(wanted, generatedText), out var rest) ? rest : wanted
            : wanted;
        var inject = remainder.Tokenize(_model, trimLeadingSpace: true);
        switch (trigger.Kind)
        {
            case PrefixTriggerKind.Segment when trigger.SegmentType is { } type:
                response.OpenSegment(type);
                break;
            case PrefixTriggerKind.FunctionCall when options.Functions.Count > 0:
                _callStart = match.Start;
                generated.RemoveAt(generated.Count - 1); // the runner evaluates it
                return new Outcome(CallInput: [token, .. inject], CallAnnouncedByPrefixTrigger: true);
        }
        return inject.Length == 0 ? null : new Outcome(Continue: [token, .. inject]);
    }

    /// <summary>The part of <paramref name="text"/> that reads <paramref name="prefix"/> (when it does), as a LlamaText prefix.</summary>
    private static LlamaText StripToText(LlamaText text, string prefix)
    {
        var values = new List<LlamaTextValue>();
        var left = prefix;
        foreach (var value in text.Values)
        {
            if (left.Length == 0) break;
            var piece = value.IsSpecialToken ? "" : value.Text;
            if (!left.StartsWith(piece, StringComparison.Ordinal) && !piece.StartsWith(left, StringComparison.Ordinal)) return LlamaText.Empty;
            var take = Math.Min(piece.Length, left.Length);
            values.Add(value.IsText ? LlamaTextValue.FromText(piece[..take]) : value.IsSpecialTokensText ? LlamaTextValue.FromSpecialTokensText(piece[..take]) : value);
            left = left[take..];
        }
        return left.Length == 0 ? LlamaText.FromValues(values) : LlamaText.Empty;
    }

    private ChatResponseResult? OnTrigger(StopTriggerMatch match)
    {
        var tag = (TriggerTag)match.Trigger.Tag!;
        Release(match.Start);
        switch (tag.Kind)
        {
            case TriggerKind.Stop:
            case TriggerKind.Custom:
                var remaining = _detector.Slice(match.End);
                return Finish(tag.Kind == TriggerKind.Stop ? StopReason.StopGenerationTrigger : StopReason.CustomStopTrigger,
                    remaining.Length > 0 ? remaining : null);
            case TriggerKind.SegmentStart:
                response.OpenSegment(tag.Segment!.Value);
                break;
            case TriggerKind.SegmentEnd when response.OpenSegmentType == tag.Segment:
            case TriggerKind.CloseAllSegments:
                response.CloseSegment(ended: true);
                break;
            default:
                // A segment suffix with no such segment open is ordinary text.
                Release(match.End);
                break;
        }
        SkipTo(match.End);
        _detector.ClearPartialMatches();
        Release(_detector.SafeTextEnd);
        return null;
    }

    private bool BudgetExhausted()
    {
        var budget = response.OpenSegmentType switch
        {
            ChatModelSegmentType.Thought => options.Budgets.ThoughtTokens,
            ChatModelSegmentType.Comment => options.Budgets.CommentTokens,
            _ => null,
        };
        return budget is { } b && response.OpenSegmentTokens >= b;
    }

    /// <summary>Sends the generated text before <paramref name="end"/> to the response, with the tokens it came from.</summary>
    private void Release(int end)
    {
        if (TrimWhitespaceSuffix && response.OpenSegmentType is null)
        {
            // Hold back trailing whitespace: it is dropped if the answer ends here.
            while (end > _released && char.IsWhiteSpace(_detector[end - 1])) end--;
        }
        if (end <= _released) return;
        var tokens = new List<int>();
        while (_emittedGroups < _groups.Count && _groups[_emittedGroups].End <= end)
            tokens.AddRange(_groups[_emittedGroups++].Tokens);
        response.Append(_detector.Slice(_released, end), tokens);
        _released = end;
    }

    private void SkipTo(int end)
    {
        _released = Math.Max(_released, end);
        while (_emittedGroups < _groups.Count && _groups[_emittedGroups].End <= end) _emittedGroups++;
    }

    private void ReleaseAll(string flushed)
    {
        if (flushed.Length > 0) _detector.Push(null, flushed);
        var trim = TrimWhitespaceSuffix;
        Release(_detector.TextLength);
        if (!trim) return;
        // Text held back as trailing whitespace is dropped for good.
        SkipTo(_detector.TextLength);
    }

    private ChatResponseResult Finish(StopReason reason, string? remaining)
    {
        if (TrimWhitespaceSuffix) response.TrimTrailingWhitespace();
        var final = response.ToResponse();
        var history = (IReadOnlyList<ChatHistoryItem>)[.. baseHistory, final];
        var window = (IReadOnlyList<ChatHistoryItem>)[.. _window.Take(_window.Count - 1), final];
        return new ChatResponseResult
        {
            Response = final,
            StopReason = reason,
            RemainingGenerationAfterStop = remaining,
            History = history,
            ContextWindow = new ChatContextWindow(history, window),
            GeneratedTokens = _generatedCount,
        };
    }
}
