using LlamaChat.Chat;
using LlamaChat.Models;
using LlamaChat.Tests.Support;

namespace LlamaChat.Tests.Chat;

/// <summary>
/// The next turn evaluates only the new message and its glue: the KV cache keeps the tokens the model generated, even
/// when the history's text of an answer would tokenize differently or holds less than was generated.
/// </summary>
public class GeneratedTokenReuseTests
{
    private const string SystemPrompt = "You are a helpful assistant.";

    [Fact]
    public async Task TheNextTurnKeepsTheTokensThatWereGeneratedEvenWhenRetokenizingWouldDiffer()
    {
        var model = await ScriptedChatModels.SplitTokensAsync();
        Assert.Single(model.Tokenize("Hey")); // the answer, tokenized again, is one token...
        await using var context = await TestModels.ContextAsync(model, contextSize: 1024);
        using var sequence = context.GetSequence();
        var session = new LlamaChatSession(new LlamaChatSessionOptions(sequence) { SystemPrompt = SystemPrompt });
        Assert.Equal("Hey", await session.PromptAsync("Hi"));
        var before = sequence.TokenMeter.GetState();
        Assert.Equal("Hey", await session.PromptAsync("Hi"));
        // ...but the three generated tokens stay: only the glue and the new message are evaluated.
        Assert.Equal(NextTurn(model).Length, sequence.TokenMeter.Diff(before).InputTokens);
    }

    [Fact]
    public async Task AnAnswerStoredTrimmedKeepsItsTokensUpToTheTrimAndTheEarlierTurnsWhole()
    {
        var model = await ScriptedChatModels.SplitTokensWithTrailingSpaceAsync();
        await using var context = await TestModels.ContextAsync(model, contextSize: 1024);
        using var sequence = context.GetSequence();
        var session = new LlamaChatSession(new LlamaChatSessionOptions(sequence) { SystemPrompt = SystemPrompt });
        Assert.Equal("Hey ", await session.PromptAsync("Hi"));
        // The second answer is generated with its space but stored without it.
        Assert.Equal("Hey", await session.PromptAsync("Hi", new PromptOptions { TrimWhitespaceSuffix = true }));

        var before = sequence.TokenMeter.GetState();
        Assert.Equal("Hey ", await session.PromptAsync("Hi"));
        // Only the space is dropped from the cache; the first answer's byte tokens (which "Hey " would not tokenize
        // back to) are not evaluated again.
        Assert.Equal(NextTurn(model).Length, sequence.TokenMeter.Diff(before).InputTokens);
    }

    [Fact]
    public async Task AControlTokenInAnAnswerCostsOnlyTheRestOfThatAnswer()
    {
        var model = await ScriptedChatModels.SplitTokensWithControlTokenAsync();
        await using var context = await TestModels.ContextAsync(model, contextSize: 1024);
        using var sequence = context.GetSequence();
        var session = new LlamaChatSession(new LlamaChatSessionOptions(sequence) { SystemPrompt = SystemPrompt });
        Assert.Equal("Hey", await session.PromptAsync("Hi"));
        var withControl = await session.PromptWithMetaAsync("Hi");
        Assert.Equal("Hey", withControl.ResponseText); // the control token has no text...
        var control = model.Tokenize(ScriptedChatModels.ControlTokenText, specialTokens: true).Single();
        Assert.Contains(control, sequence.ContextTokens); // ...but was generated and evaluated

        var before = sequence.TokenMeter.GetState();
        Assert.Equal("Hey", await session.PromptAsync("Hi"));
        // The history has no control token, so the cache is cut there: "y" after it and the new turn are evaluated,
        // and nothing before — not the first answer, whose byte tokens "Hey" would not tokenize back to.
        Assert.Equal(1 + NextTurn(model).Length, sequence.TokenMeter.Diff(before).InputTokens);
        Assert.Single(sequence.ContextTokens, t => t == control); // the third answer's; the second's is gone
    }

    [Fact]
    public async Task CompletingAPromptKeepsTheGeneratedTokensToo()
    {
        var model = await ScriptedChatModels.SplitTokensAsync();
        await using var context = await TestModels.ContextAsync(model, contextSize: 1024);
        using var sequence = context.GetSequence();
        var session = new LlamaChatSession(new LlamaChatSessionOptions(sequence) { SystemPrompt = SystemPrompt });
        Assert.Equal("Hey", await session.PromptAsync("Hi"));

        var before = sequence.TokenMeter.GetState();
        await session.CompletePromptAsync("H", new CompletePromptOptions { MaxTokens = 2 });
        var userTurnStart = model.Tokenize("<|im_end|>\n<|im_start|>user\nH", specialTokens: true);
        Assert.Equal(userTurnStart.Length, sequence.TokenMeter.Diff(before).InputTokens);

        before = sequence.TokenMeter.GetState();
        Assert.Equal("Hey", await session.PromptAsync("Hi"));
        Assert.InRange(sequence.TokenMeter.Diff(before).InputTokens, 1, NextTurn(model).Length);
    }

    private static int[] NextTurn(LlamaModel model) =>
        model.Tokenize("<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", specialTokens: true);
}
