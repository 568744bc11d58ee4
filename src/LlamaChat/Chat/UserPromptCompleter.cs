using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.Chat;

/// <summary>
/// Completes the user's unfinished message: renders the history with the message as the last user turn, cuts the
/// context where the user's text ends, and lets the model continue until the chat format would end the user's turn.
/// </summary>
internal static class UserPromptCompleter
{
    private const string Marker = "\u2063LLAMACHAT_USER_TEXT_END\u2063";

    public static async Task<string> CompleteAsync(LlamaChatEngine engine, IReadOnlyList<ChatHistoryItem> history, string prompt,
        CompletePromptOptions options, CancellationToken cancellationToken)
    {
        var sequence = engine.Sequence;
        var rendered = engine.ChatWrapper.GenerateContextState(
            [.. history, new ChatUserMessage(prompt + Marker), new ChatModelResponse()]).ContextText;
        var (before, after) = SplitAtMarker(rendered);
        var maxTokens = options.MaxTokens ?? Math.Min(256, (sequence.ContextSize + 1) / 2);
        var triggers = new List<StopTrigger>();
        if (StopTextAfterUserText(after) is { } stopText && TriggerCompiler.Compile(stopText, sequence.Model, "user-end") is { } trigger)
            triggers.Add(trigger);
        var tokens = engine.TokenizeContext(before); // keeps the tokens generated for earlier answers, as a prompt does
        if (tokens.Length >= sequence.ContextSize - 1)
            throw new InsufficientContextException("The chat history and prompt do not fit the context, so the prompt cannot be completed.");
        var result = await TextGenerator.GenerateAsync(sequence, tokens, options.Sampling, triggers, maxTokens, options.OnTextChunk, cancellationToken)
            .ConfigureAwait(false);
        return result.Text;
    }

    private static (LlamaText Before, LlamaText After) SplitAtMarker(LlamaText text)
    {
        for (var i = 0; i < text.Count; i++)
        {
            var value = text[i];
            var at = value.IsText ? value.Text.IndexOf(Marker, StringComparison.Ordinal) : -1;
            if (at < 0) continue;
            var before = LlamaText.FromValues([.. text.Values.Take(i), LlamaTextValue.FromText(value.Text[..at])]);
            var rest = value.Text[(at + Marker.Length)..];
            var after = LlamaText.FromValues([.. rest.Length > 0 ? [LlamaTextValue.FromText(rest)] : Array.Empty<LlamaTextValue>(), .. text.Values.Skip(i + 1)]);
            return (before, after);
        }
        throw new InvalidOperationException("The chat wrapper did not render the user's message as text, so it cannot be completed.");
    }

    /// <summary>What the format writes right after the user's text: the first special part, or the first line.</summary>
    private static LlamaText? StopTextAfterUserText(LlamaText after)
    {
        if (after.Count == 0) return null;
        var first = after[0];
        if (!first.IsText) return first;
        var line = first.Text.TrimEnd();
        if (line.Length == 0) return after.Count > 1 ? after[1] : null;
        var newline = first.Text.IndexOf('\n');
        return newline == 0 ? "\n" : newline > 0 ? first.Text[..newline] : first.Text;
    }
}
