using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>Finds the thought tags a chat template uses (<c>&lt;think&gt;</c>, <c>[THINK]</c>, ...).</summary>
internal static class JinjaThoughtTags
{
    private static readonly (string Open, string Close)[] KnownTags =
    [
        ("<think>", "</think>"),
        ("<seed:think>", "</seed:think>"),
        ("<thought>", "</thought>"),
        ("[THINK]", "[/THINK]"),
        ("<|START_THINKING|>", "<|END_THINKING|>"),
        ("<|begin_of_thought|>", "<|end_of_thought|>"),
        ("<|channel>thought\n", "<channel|>"),
    ];

    public static ChatWrapperSegmentSettings Detect(JinjaTemplateChatWrapperOptions options)
    {
        if (options.Segments?.ThoughtTemplate is { } custom)
        {
            var parts = TextTemplateParser.Split(custom, "thought template", "{{content}}");
            return new ChatWrapperSegmentSettings
            {
                ReiterateStackAfterFunctionCalls = options.Segments.ReiterateStackAfterFunctionCalls,
                CloseAllSegments = string.IsNullOrEmpty(options.Segments.CloseAllSegmentsTemplate) ? null : new SpecialTokensText(options.Segments.CloseAllSegmentsTemplate),
                Thought = new SegmentSyntax
                {
                    Prefix = new SpecialTokensText(parts[0]),
                    Suffix = parts[1].Length == 0 ? null : new SpecialTokensText(parts[1]),
                    ReopenAfterFunctionCalls = options.Segments.ReopenThoughtAfterFunctionCalls,
                },
            };
        }

        foreach (var (open, close) in KnownTags)
        {
            var inTemplate = options.Template.Contains(open, StringComparison.Ordinal) && options.Template.Contains(close, StringComparison.Ordinal);
            var inTokenizer = options.Tokenizer is { } tokenizer && IsSingleToken(tokenizer, open) && IsSingleToken(tokenizer, close);
            if (inTemplate || inTokenizer)
                return new ChatWrapperSegmentSettings
                {
                    ReiterateStackAfterFunctionCalls = true,
                    Thought = new SegmentSyntax { Prefix = new SpecialTokensText(open), Suffix = new SpecialTokensText(close) },
                };
        }

        return new ChatWrapperSegmentSettings();
    }

    private static bool IsSingleToken(ILlamaTokenizer tokenizer, string text) =>
        tokenizer.Tokenize(text, specialTokens: true, trimLeadingSpace: true).Length == 1 &&
        tokenizer.Tokenize(text, specialTokens: false, trimLeadingSpace: true).Length > 1;
}
