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
    private readonly List<int> _grammarMatched = []; // answer tokens sampled under the answer's grammar, across renders
    private int _generatedCount;
    private IReadOnlyList<ChatHistoryItem> _window = [];
    private SamplingOptions? _freeTextSampling; // built once: the combined call-or-answer grammar is parsed from GBNF
    private bool TrimWhitespaceSuffix => options.TrimWhitespaceSuffix || options.Sampling.Grammar?.TrimWhitespaceSuffix == true;

    private int _callStart; // where the last function call prefix started in the detector's text
    private bool _prefixTriggersActive; // the format's prefix triggers count only at the start of a render

    // Per render:
    private StopTriggerDetector _detector = new();
    private StopTriggerDetector _startDetector = new(); // prefix triggers and ignored start text: they count only at the start
    private bool _startPhase; // the start detector may still match at the start of the render's text
    private bool _budgetCut; // the open segment's budget ended it in the middle of released text
    private readonly HashSet<ChatModelSegmentType> _spentSegments = []; // segments whose budget is used up in this response
    private bool _prefixTriggersDropped; // this render left out prefix triggers of spent segments
    private bool _forceNoPrefix; // the model began a spent segment: write the format's no-prefix text for it instead
    private List<(int[] Tokens, int End)> _groups = [];
    private int _released;
    private int _emittedGroups;

    public async Task<ChatResponseResult> RunAsync()
    {
        if (options.ResponsePrefix is { Length: > 0 } prefix && response.IsEmpty)
        {
            if (TrimWhitespaceSuffix) response.AppendWithTrailingWhitespaceHeld(prefix);
            else response.Append(prefix, []);
        }

        if (options.Budgets.ThoughtTokens == 0) _spentSegments.Add(ChatModelSegmentType.Thought);
        if (options.Budgets.CommentTokens == 0) _spentSegments.Add(ChatModelSegmentType.Comment);
        try
        {
            return await RenderAndGenerateAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (options.StopOnAbortSignal && _generatedCount > 0)
        {
            // Stopped between evaluations (a re-render, a function call being written): keep what was generated.
            return Finish(StopReason.Abort, null);
        }
    }

    private async Task<ChatResponseResult> RenderAndGenerateAsync()
    {
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
            if (state.PrefixTriggers.Count > 0 && (options.Sampling.Grammar is not null || _forceNoPrefix) && state.NoPrefixTrigger is { } noPrefix)
            {
                // A grammar decides the text from the first token, and a segment whose budget is spent may not begin:
                // the format's prefix for a plain answer is written for the model.
                _forceNoPrefix = false;
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
        _startDetector = new StopTriggerDetector();
        _groups = [];
        _released = 0;
        _emittedGroups = 0;
        _budgetCut = false;
        _prefixTriggersActive = state.PrefixTriggers.Count > 0;
        // Prefix triggers of segments whose budget is spent are left out (Harmony then skips its analysis channel).
        var prefixTriggers = state.PrefixTriggers
            .Where(t => t.Kind != PrefixTriggerKind.Segment || t.SegmentType is not { } type || !_spentSegments.Contains(type)).ToList();
        _prefixTriggersDropped = prefixTriggers.Count < state.PrefixTriggers.Count;
        _startPhase = prefixTriggers.Count > 0 || state.IgnoreStartText.Count > 0;
        void AddTo(StopTriggerDetector detector, LlamaText text, TriggerTag tag)
        {
            if (TriggerCompiler.Compile(text, _model, tag) is { } trigger) detector.Add(trigger);
        }
        void Add(LlamaText text, TriggerTag tag) => AddTo(_detector, text, tag);
        foreach (var prefixTrigger in prefixTriggers)
            foreach (var trigger in prefixTrigger.Triggers) AddTo(_startDetector, trigger, new TriggerTag(TriggerKind.Prefix, PrefixTrigger: prefixTrigger));
        foreach (var trigger in state.IgnoreStartText) AddTo(_startDetector, trigger, new TriggerTag(TriggerKind.IgnoreStart));
        // Re-render triggers first: when one has the same text as a segment suffix (Harmony's <|end|>), it wins.
        if (state.Rerender is { } rerender)
            foreach (var trigger in rerender.Triggers) Add(trigger, new TriggerTag(TriggerKind.Rerender, Rerender: rerender));
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
    /// Whether the answer's grammar carries over between renders: it does when it is the only grammar (with functions,
    /// the call-or-answer grammar starts afresh after each call).
    /// </summary>
    private bool GrammarContinues => options.Sampling.Grammar is not null && options.Functions.Count == 0;

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
            // A re-render continues the answer: its grammar goes on from where it was, not from its root.
            GrammarMatchedTokens = GrammarContinues ? [.. _grammarMatched] : null,
        };
        try
        {
            if (BudgetExhausted()) return CloseSpentSegment();
            // The limit is checked after each token, so without this MaxTokens = 0 (or a limit used up by function
            // calls) would still generate one.
            if (options.MaxTokens is { } limit && _generatedCount >= limit) return new Outcome(Finish(StopReason.MaxTokens, null));
            await foreach (var token in engine.Sequence.EvaluateAsync(input, evaluate, cancellationToken).ConfigureAwait(false))
            {
                _generatedCount++;
                if (_model.IsEogToken(token))
                {
                    ReleaseAll(decoder.Flush(), pending);
                    return new Outcome(Finish(StopReason.EogToken, null));
                }
                generated.Add(token);
                _allGenerated.Add(token);
                if (GrammarContinues) _grammarMatched.Add(token);
                pending.Add(token);
                var text = decoder.Push(_model.GetTokenBytes(token));
                if (!decoder.HasPendingBytes || text.Length > 0) // else the character is not complete yet
                {
                    var outcome = OnText(pending, text, token, generated);
                    pending.Clear();
                    if (outcome is not null) return outcome;
                }
                // Limits are checked after every token, whatever it started or completed.
                if (BudgetExhausted()) return CloseSpentSegment();
                if (options.MaxTokens is { } max && _generatedCount >= max)
                {
                    ReleaseAll(decoder.Flush(), pending);
                    return new Outcome(Finish(StopReason.MaxTokens, null));
                }
                if (engine.Sequence.NextTokenIndex >= engine.Sequence.ContextSize - 1)
                {
                    ReleaseAll(decoder.Flush(), pending);
                    return Outcome.Rerender; // the context is full: re-render with a compressed history
                }
            }
            return Outcome.Rerender;
        }
        catch (OperationCanceledException) when (options.StopOnAbortSignal && _generatedCount > 0)
        {
            ReleaseAll(decoder.Flush(), pending);
            return new Outcome(Finish(StopReason.Abort, null));
        }
    }

    /// <summary>
    /// Handles the text of one or more tokens (several when they complete one character): triggers, segments and
    /// what can be shown. Returns how the evaluation ends, or null to go on.
    /// </summary>
    private Outcome? OnText(List<int> pending, string text, int token, List<int> generated)
    {
        int? single = pending.Count == 1 ? pending[0] : null;
        var match = _detector.Push(single, text);
        var startMatch = _startPhase ? _startDetector.Push(single, text) : null;
        _groups.Add(([.. pending], _detector.TextLength));
        // The start detector matters only while one of its triggers may still match from the very start.
        if (_startPhase && startMatch is null && _startDetector.SafeTextEnd > 0)
        {
            _startPhase = false;
            if (_prefixTriggersDropped && _prefixTriggersActive && _released == 0)
            {
                // The model began none of the allowed prefixes, most likely the spent segment's: drop what it wrote
                // and go on with the plain answer's prefix.
                SkipTo(_detector.TextLength);
                _forceNoPrefix = true;
                return Outcome.Rerender;
            }
        }
        if (startMatch is not null) _startPhase = false;
        if (startMatch is { Start: 0 })
        {
            var tag = (TriggerTag)startMatch.Trigger.Tag!;
            if (tag.Kind == TriggerKind.Prefix && _prefixTriggersActive) return OnPrefixTrigger(startMatch, token, generated);
            if (tag.Kind == TriggerKind.IgnoreStart && response.IsEmpty)
            {
                SkipTo(startMatch.End);
                _detector.ClearPartialMatches();
            }
        }

        var kind = match is null ? (TriggerKind?)null : ((TriggerTag)match.Trigger.Tag!).Kind;
        if (kind == TriggerKind.FunctionCall)
        {
            Release(match!.Start, holdBackWhitespace: false); // the answer goes on after the call
            _callStart = match.Start;
            SkipTo(_detector.TextLength);
            generated.RemoveAt(generated.Count - 1); // the runner evaluates it
            return new Outcome(CallInput: [token], CallLeftover: _detector.Slice(match.End));
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
            _startPhase = false;
            if (OnTrigger(match) is { } result) return new Outcome(result);
        }
        else
        {
            Release(SafeTextEnd);
        }
        if (_released > 0 || response.OpenSegmentType is not null) _prefixTriggersActive = false;
        return null;
    }

    /// <summary>Where the text that cannot be part of a trigger any more ends.</summary>
    private int SafeTextEnd => _startPhase ? Math.Min(_detector.SafeTextEnd, _startDetector.SafeTextEnd) : _detector.SafeTextEnd;

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
            ? wanted.TryGetRestAfter(StripToText(wanted, generatedText), out var rest) ? rest : wanted
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
        // Whitespace before a segment is inside the answer, not at its end: it is not trimmed.
        Release(match.Start, holdBackWhitespace: tag.Kind != TriggerKind.SegmentStart);
        switch (tag.Kind)
        {
            case TriggerKind.Stop:
            case TriggerKind.Custom:
                var remaining = _detector.Slice(match.End);
                return Finish(tag.Kind == TriggerKind.Stop ? StopReason.StopGenerationTrigger : StopReason.CustomStopTrigger,
                    remaining.Length > 0 ? remaining : null);
            case TriggerKind.SegmentStart:
                response.OpenSegment(tag.Segment!.Value);
                _budgetCut = false;
                break;
            case TriggerKind.SegmentEnd when response.OpenSegmentType == tag.Segment:
            case TriggerKind.CloseAllSegments:
                response.CloseSegment(ended: true);
                _budgetCut = false;
                break;
            default:
                // A segment suffix with no such segment open is ordinary text.
                Release(match.End);
                break;
        }
        SkipTo(match.End);
        _detector.ClearPartialMatches();
        Release(SafeTextEnd);
        return null;
    }

    private bool BudgetExhausted() => SegmentTokensLeft() is { } left && (left == 0 || _budgetCut);

    /// <summary>Closes the segment that reached its budget; the re-render goes on after it.</summary>
    private Outcome CloseSpentSegment()
    {
        _spentSegments.Add(response.OpenSegmentType!.Value);
        response.CloseSegment(ended: true);
        return Outcome.Rerender;
    }

    /// <summary>How many more tokens the open segment may take, or null when it has no budget.</summary>
    private int? SegmentTokensLeft()
    {
        var budget = response.OpenSegmentType switch
        {
            ChatModelSegmentType.Thought => options.Budgets.ThoughtTokens,
            ChatModelSegmentType.Comment => options.Budgets.CommentTokens,
            _ => null,
        };
        return budget is { } b ? Math.Max(0, b - response.OpenSegmentTokens) : null;
    }

    /// <summary>
    /// Sends the generated text before <paramref name="end"/> to the response, with the tokens it came from. With
    /// <see cref="TrimWhitespaceSuffix"/>, trailing whitespace of the answer is held back unless something follows it.
    /// An open segment takes no more tokens than its budget allows: the text is cut after the last one that fits.
    /// </summary>
    private void Release(int end, bool holdBackWhitespace = true)
    {
        if (holdBackWhitespace && TrimWhitespaceSuffix && response.OpenSegmentType is null)
        {
            // Hold back trailing whitespace: it is dropped if the answer ends here.
            while (end > _released && char.IsWhiteSpace(_detector[end - 1])) end--;
        }
        if (end <= _released) return;
        var tokens = new List<int>();
        var left = SegmentTokensLeft();
        while (_emittedGroups < _groups.Count && _groups[_emittedGroups].End <= end)
        {
            var group = _groups[_emittedGroups];
            if (tokens.Count + group.Tokens.Length > left)
            {
                end = Math.Max(_released, _emittedGroups > 0 ? _groups[_emittedGroups - 1].End : 0);
                _budgetCut = true;
                break;
            }
            tokens.AddRange(group.Tokens);
            _emittedGroups++;
        }
        if (end <= _released) return;
        response.Append(_detector.Slice(_released, end), tokens);
        _released = end;
    }

    private void SkipTo(int end)
    {
        _released = Math.Max(_released, end);
        while (_emittedGroups < _groups.Count && _groups[_emittedGroups].End <= end) _emittedGroups++;
    }

    /// <summary>Sends all generated text to the response, with the bytes of an unfinished character and their tokens.</summary>
    private void ReleaseAll(string flushed, List<int> pending)
    {
        if (flushed.Length > 0 || pending.Count > 0)
        {
            _detector.Push(null, flushed);
            _groups.Add(([.. pending], _detector.TextLength));
            pending.Clear();
        }
        var heldBack = _detector.SafeTextEnd; // where a segment opening (a main-detector trigger) may have started
        if (HeldBackSegmentOpening(heldBack) is { } segment)
        {
            // The generation stopped right after the tag that opens a segment: that is an empty segment, not text.
            Release(heldBack, holdBackWhitespace: false);
            response.OpenSegment(segment);
            SkipTo(_detector.TextLength);
            return;
        }
        var trim = TrimWhitespaceSuffix;
        Release(_detector.TextLength);
        if (!trim) return;
        // Text held back as trailing whitespace is dropped for good.
        SkipTo(_detector.TextLength);
    }

    /// <summary>
    /// The segment whose opening the text held back from <paramref name="start"/> is the start of, when that text
    /// starts with a special token (Qwen's <c>&lt;think&gt;</c> waiting for its line break); null otherwise, so plain text is never taken for one.
    /// </summary>
    private ChatModelSegmentType? HeldBackSegmentOpening(int start)
    {
        if (start >= _detector.TextLength) return null;
        var group = _groups.FindIndex(g => g.End > start);
        var groupStart = group > 0 ? _groups[group - 1].End : 0;
        if (group < 0 || groupStart != start || !IsTagToken(_groups[group].Tokens[0])) return null;
        var held = _detector.Slice(start);
        var segments = engine.ChatWrapper.Settings.Segments;
        foreach (var type in new[] { ChatModelSegmentType.Thought, ChatModelSegmentType.Comment })
        {
            if (response.OpenSegmentType is null && segments.Get(type) is { } syntax &&
                string.Concat(syntax.Prefix.Values.Select(v => v.IsSpecialToken ? "" : v.Text)).StartsWith(held, StringComparison.Ordinal))
                return type;
        }
        return null;
    }

    private bool IsTagToken(int token) =>
        _model.IsSpecialToken(token) || (_model.GetTokenAttributes(token) & TokenAttributes.UserDefined) != 0;

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
