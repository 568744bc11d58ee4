using System.Text;
using LlamaChat.Chat;
using LlamaChat.History;
using LlamaChat.Models;

namespace LlamaChat.Samples.Samples;

public static class StreamResponseSegments
{
    public static async Task RunAsync(SampleArgs args)
    {
        using var llama = await Llama.GetLlamaAsync(args.LlamaOptions);
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(args.ModelPath));
        await using var context = await model.CreateContextAsync();
        using var session = new LlamaChatSession(context.GetSequence());

        var q1 = "Hi there, how are you?";
        Console.WriteLine("User: " + q1);

        // The main answer has no segment type; thoughts (chain of thought) and comments (e.g. gpt-oss's commentary)
        // arrive as segments, with a start time on their first chunk and an end time on their last.
        Console.Write("AI: ");
        var a1 = await session.PromptWithMetaAsync(q1, new PromptOptions
        {
            OnResponseChunk = chunk =>
            {
                if (chunk.SegmentType is { } type && chunk.SegmentStartTime is not null)
                    Console.Write($" [segment start: {type}] ");

                Console.Write(chunk.Text);

                if (chunk.SegmentType is { } endedType && chunk.SegmentEndTime is not null)
                    Console.Write($" [segment end: {endedType}] ");
            },
        });
        Console.WriteLine();

        // The result holds the same response as a list of text and segment items.
        var fullResponse = new StringBuilder();
        foreach (var item in a1.Response)
        {
            switch (item)
            {
                case ChatModelText text:
                    fullResponse.Append(text.Text);
                    break;
                case ChatModelSegment segment:
                    if (segment.StartTime is not null) fullResponse.Append($" [segment start: {segment.SegmentType}] ");
                    fullResponse.Append(segment.Text);
                    if (segment.EndTime is not null) fullResponse.Append($" [segment end: {segment.SegmentType}] ");
                    break;
            }
        }

        Console.WriteLine("Full response: " + fullResponse);
    }
}
