using LlamaChat.Chat;
using LlamaChat.ChatWrappers;
using LlamaChat.Evaluation;
using LlamaChat.History;
using LlamaChat.Tests.Support;

namespace LlamaChat.Tests.Chat;

/// <summary>One test per section of the spec's chat-session guide, on real inference with scripted models.</summary>
public class SessionFeatureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llamachat-session-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<LlamaChatSession> QwenSession(int contextSize = 1024, string? systemPrompt = null)
    {
        var model = await ScriptedChatModels.QwenThinkingAsync();
        var context = await TestModels.ContextAsync(model, contextSize);
        return new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence())
        {
            ChatWrapper = new QwenChatWrapper(), SystemPrompt = systemPrompt, AutoDisposeSequence = true,
        });
    }

    [Fact]
    public async Task SpecificChatWrapperIsUsedForTheContext()
    {
        var model = await ScriptedChatModels.Llama3Async();
        await using var context = await TestModels.ContextAsync(model);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new Llama3_1ChatWrapper() });
        Assert.Equal(ScriptedChatModels.Llama3Answer, await session.PromptAsync("Hi"));
        var evaluated = model.Detokenize(session.Sequence.ContextTokens.ToArray(), specialTokens: true);
        Assert.StartsWith("<|begin_of_text|><|start_header_id|>system<|end_header_id|>", evaluated);
        Assert.Contains("<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>", evaluated);
    }

    [Fact]
    public async Task StreamedChunksConcatenateToTheAnswer()
    {
        using var session = await QwenSession();
        var text = new List<string>();
        var tokens = new List<int>();
        var result = await session.PromptAsync("Hi", new PromptOptions { OnTextChunk = text.Add, OnToken = tokens.AddRange });
        Assert.Equal(result, string.Concat(text));
        Assert.Equal(ScriptedChatModels.QwenAnswer, result);
        Assert.Equal(result, session.Model.Detokenize(tokens.ToArray()));

        var streamed = new List<ResponseChunk>();
        await foreach (var chunk in session.PromptStreamAsync("Hi")) streamed.Add(chunk);
        Assert.Equal(ScriptedChatModels.QwenAnswer, string.Concat(streamed.Where(c => c.SegmentType is null).Select(c => c.Text)));
    }

    [SkippableFact]
    public async Task LeavingAStreamEarlyStopsThePromptAndKeepsTheHistory()
    {
        // A long answer (stories260K writes on and on), so the prompt is still running when the loop is left.
        var model = await TestModels.SharedAsync(await StoriesWithChatMlAsync());
        await using var context = await TestModels.ContextAsync(model, 2048);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { SystemPrompt = "Be kind." });
        var history = session.GetChatHistory();
        var received = 0;
        await foreach (var chunk in session.PromptStreamAsync("Once upon a time", new PromptOptions { MaxTokens = 1500 }))
            if (++received == 3) break;
        Assert.Equal(history, session.GetChatHistory());
        Assert.NotEmpty(await session.PromptAsync("Once upon a time", new PromptOptions { MaxTokens = 5 })); // the session is free again
    }

    [Fact]
    public async Task SystemPromptIsInTheEvaluatedContext()
    {
        using var session = await QwenSession(systemPrompt: "You are a helpful assistant. Tell me a story");
        await session.PromptAsync("Hi");
        var evaluated = session.Model.Detokenize(session.Sequence.ContextTokens.ToArray(), specialTokens: true);
        Assert.StartsWith("<|im_start|>system\nYou are a helpful assistant. Tell me a story<|im_end|>\n", evaluated);
        Assert.IsType<ChatSystemMessage>(session.GetChatHistory()[0]);
    }

    [Fact]
    public async Task SavedHistoryRoundTripsThroughJsonAndTheRestoredSessionContinues()
    {
        using var session = await QwenSession();
        await session.PromptAsync("Hi");
        var json = ChatHistoryJson.Serialize(session.GetChatHistory());
        var path = Path.Combine(_dir, "history.json");
        await File.WriteAllTextAsync(path, json);

        using var restored = await QwenSession();
        var loaded = ChatHistoryJson.Deserialize(await File.ReadAllTextAsync(path));
        Assert.Equal(session.GetChatHistory(), loaded);
        restored.SetChatHistory(loaded);
        Assert.Equal(ScriptedChatModels.QwenAnswer, await restored.PromptAsync("how are you"));
        Assert.Equal(5, restored.GetChatHistory().Count);
    }

    [Fact]
    public async Task SequenceStateFileLetsASecondContextContinueWithoutReevaluating()
    {
        using var session = await QwenSession();
        await session.PromptAsync("Hi");
        var statePath = Path.Combine(_dir, "state.bin");
        await session.Sequence.SaveStateToFileAsync(statePath);
        var history = session.GetChatHistory();

        var model = session.Model;
        await using var otherContext = await TestModels.ContextAsync(model, 1024);
        var sequence = otherContext.GetSequence();
        await sequence.LoadStateFromFileAsync(statePath, acceptRisk: true);
        var restored = new LlamaChatSession(new LlamaChatSessionOptions(sequence) { ChatWrapper = new QwenChatWrapper() });
        restored.SetChatHistory(history);
        var stateTokens = sequence.ContextTokens.Count;
        Assert.True(stateTokens > 20);
        Assert.Equal(ScriptedChatModels.QwenAnswer, await restored.PromptAsync("how are you"));
        // Only the new message was evaluated (the earlier answer's thought is dropped from the context, so a little
        // of the previous turn is re-evaluated, but never the whole history).
        Assert.True(sequence.TokenMeter.InputTokens < stateTokens, $"{sequence.TokenMeter.InputTokens} input tokens for a state of {stateTokens}");
    }

    [Fact]
    public async Task PromptWithoutUpdatingHistory()
    {
        using var session = await QwenSession();
        var initial = session.GetChatHistory();
        Assert.Equal(ScriptedChatModels.QwenAnswer, await session.PromptAsync("Hi there, how are you?"));
        session.SetChatHistory(initial);
        Assert.Equal(initial, session.GetChatHistory());
        await session.PromptAsync("Summarize what you said");
        var history = session.GetChatHistory();
        Assert.Equal(3, history.Count);
        Assert.Equal("Summarize what you said", ((ChatUserMessage)history[1]).Text);
    }

    [Fact]
    public async Task PreloadedPromptAnswersWithOnlyAFewNewTokens()
    {
        using var session = await QwenSession();
        await session.PreloadPromptAsync("Hi there, how are you?");
        var preloaded = session.Sequence.ContextTokens.Count;
        var before = session.Sequence.TokenMeter.GetState();
        var answer = await session.PromptAsync("Hi there, how are you?");
        Assert.Equal(ScriptedChatModels.QwenAnswer, answer);
        Assert.True(preloaded > 20);
        Assert.InRange(session.Sequence.TokenMeter.Diff(before).InputTokens, 1, 2);
    }

    [Fact]
    public async Task ResponsePrefixStartsTheAnswer()
    {
        var model = await ScriptedChatModels.Llama3Async();
        await using var context = await TestModels.ContextAsync(model);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new Llama3_1ChatWrapper() });
        var chunks = new List<string>();
        var answer = await session.PromptAsync("Hi", new PromptOptions { ResponsePrefix = "Hello", OnTextChunk = chunks.Add });
        // The model continues after the prefix ("Hello" → " from Llama!").
        Assert.Equal(ScriptedChatModels.Llama3Answer, answer);
        Assert.Equal("Hello", chunks[0]);
    }

    [Fact]
    public async Task StoppingGenerationReturnsThePartialAnswerAndKeepsIt()
    {
        using var session = await QwenSession();
        using var cts = new CancellationTokenSource();
        var received = "";
        var result = await session.PromptWithMetaAsync("Hi", new PromptOptions
        {
            StopOnAbortSignal = true,
            OnResponseChunk = chunk => { received += chunk.Text; if (received.Contains("me")) cts.Cancel(); },
        }, cts.Token);
        Assert.Equal(StopReason.Abort, result.StopReason);
        var thought = Assert.IsType<ChatModelSegment>(result.Response[0]);
        Assert.False(thought.Ended);
        Assert.StartsWith("Let me", thought.Text);
        var last = Assert.IsType<ChatModelResponse>(session.GetChatHistory()[^1]);
        Assert.Equal(result.Response, last.Response);
    }

    [Fact]
    public async Task CancellingWithoutStopOnAbortThrowsAndLeavesTheHistory()
    {
        using var session = await QwenSession();
        await session.PromptAsync("Hi");
        var history = session.GetChatHistory();
        using var cts = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.PromptAsync("how are you",
            new PromptOptions { OnResponseChunk = _ => cts.Cancel() }, cts.Token));
        Assert.Equal(history, session.GetChatHistory());
        Assert.Equal(ScriptedChatModels.QwenAnswer, await session.PromptAsync("how are you"));
    }

    [Fact]
    public async Task ThoughtSegmentIsStreamedWithStartAndEnd()
    {
        using var session = await QwenSession();
        var chunks = new List<ResponseChunk>();
        var result = await session.PromptWithMetaAsync("Hi", new PromptOptions { OnResponseChunk = chunks.Add });
        var thoughtChunks = chunks.Where(c => c.SegmentType == ChatModelSegmentType.Thought).ToList();
        Assert.NotNull(thoughtChunks[0].SegmentStartTime);
        Assert.NotNull(thoughtChunks[^1].SegmentEndTime);
        Assert.Equal(ScriptedChatModels.QwenThought, string.Concat(thoughtChunks.Select(c => c.Text)));
        // The thought comes first, then the answer.
        Assert.True(chunks.FindLastIndex(c => c.SegmentType is not null) < chunks.FindIndex(c => c.SegmentType is null && c.Text.Length > 0));
        var segment = Assert.IsType<ChatModelSegment>(result.Response[0]);
        Assert.True(segment.Ended);
        Assert.Equal(ScriptedChatModels.QwenThought, segment.Text);
        Assert.True(segment.StartTime <= segment.EndTime);
        Assert.Equal(ScriptedChatModels.QwenAnswer, result.ResponseText);
    }

    [Fact]
    public async Task AThoughtOpenedByTheTemplatesGenerationPromptIsAThought()
    {
        var model = await ScriptedChatModels.PrefilledThoughtAsync();
        await using var context = await TestModels.ContextAsync(model);
        var session = new LlamaChatSession(context.GetSequence()); // the chat wrapper comes from the model's template
        var result = await session.PromptWithMetaAsync("Hi");
        var thought = Assert.IsType<ChatModelSegment>(result.Response[0]);
        Assert.Equal("Let me think.", thought.Text.Trim());
        Assert.True(thought.Ended);
        Assert.Equal("Hello!", result.ResponseText);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task ReasoningBudgetCutsTheThoughtAndTheAnswerFollows(int budget)
    {
        using var session = await QwenSession();
        var thoughtTokens = 0;
        var result = await session.PromptWithMetaAsync("Hi", new PromptOptions
        {
            Budgets = new ChatBudgets { ThoughtTokens = budget },
            OnResponseChunk = c => { if (c.SegmentType == ChatModelSegmentType.Thought) thoughtTokens += c.Tokens.Count; },
        });
        Assert.True(thoughtTokens <= budget, $"{thoughtTokens} thought tokens with a budget of {budget}");
        var segments = result.Response.OfType<ChatModelSegment>().ToList();
        Assert.All(segments, s => Assert.True(s.Ended));
        if (budget == 0) Assert.All(segments, s => Assert.Equal("", s.Text));
        Assert.Equal(ScriptedChatModels.QwenAnswer, result.ResponseText);
    }

    [SkippableFact]
    public async Task RepeatPenaltyAndTemperatureOptionsReachTheSampler()
    {
        var model = await TestModels.SharedAsync(await StoriesWithChatMlAsync());
        await using var context = await TestModels.ContextAsync(model, 2048);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { SystemPrompt = "Be kind." });
        var initial = session.GetChatHistory();
        async Task<string> Ask(PromptOptions options)
        {
            session.SetChatHistory(initial);
            return await session.PromptAsync("Once upon a time", options with { MaxTokens = 40 });
        }
        var greedy = await Ask(new PromptOptions());
        Assert.Equal(greedy, await Ask(new PromptOptions()));
        var penalized = await Ask(new PromptOptions { RepeatPenalty = new RepeatPenaltyOptions { Penalty = 2f, FrequencyPenalty = 0.5f, PresencePenalty = 0.5f } });
        Assert.NotEqual(greedy, penalized);
        var seeded = await Ask(new PromptOptions { Temperature = 1.2f, Seed = 2462 });
        Assert.Equal(seeded, await Ask(new PromptOptions { Temperature = 1.2f, Seed = 2462 }));
        Assert.NotEqual(seeded, await Ask(new PromptOptions { Temperature = 1.2f, Seed = 7 }));
    }

    private static async Task<string> StoriesWithChatMlAsync()
    {
        var source = TestPaths.RequireFixture("models", "stories260K.gguf");
        return await LlamaChat.Forge.ForgedModels.GetOrCopyWithChangesAsync("stories-chatml", source,
            writer => writer.SetMetadata("tokenizer.chat_template", LlamaChat.Gguf.GgufValue.Of(ScriptedChatModels.ChatMlTemplate)));
    }
}
