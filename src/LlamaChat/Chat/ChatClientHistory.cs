using System.Text.Json;
using System.Text.Json.Nodes;
using LlamaChat.History;
using Microsoft.Extensions.AI;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace LlamaChat.Chat;

/// <summary>
/// Turns Microsoft.Extensions.AI messages into a LlamaChat history: system and user text, assistant turns with
/// reasoning, text and function calls, and tool messages whose results go back into the calls they answer.
/// </summary>
internal static class ChatClientHistory
{
    public static List<ChatHistoryItem> FromMessages(IEnumerable<AIChatMessage> messages, string? instructions)
    {
        var history = new List<ChatHistoryItem>();
        if (!string.IsNullOrEmpty(instructions)) history.Add(new ChatSystemMessage(instructions));
        List<ChatModelResponseItem>? turn = null; // the assistant turn being built
        var callIds = new Dictionary<string, int>(); // call id → index in the turn
        var callStartsChunk = true; // the next call begins a new round of calls (none since the last text or results)
        var messageList = messages as IReadOnlyList<AIChatMessage> ?? messages.ToList();

        void EndTurn()
        {
            if (turn is null) return;
            history.Add(new ChatModelResponse(turn));
            turn = null;
            callIds.Clear();
            callStartsChunk = true;
        }

        foreach (var message in messageList)
        {
            ArgumentNullException.ThrowIfNull(message, nameof(messages));
            if (message.Role == ChatRole.System) { EndTurn(); history.Add(new ChatSystemMessage(message.Text)); }
            else if (message.Role == ChatRole.User) { EndTurn(); history.Add(new ChatUserMessage(message.Text)); }
            else if (message.Role == ChatRole.Assistant)
            {
                turn ??= [];
                var continued = ReferenceEquals(message, messageList[^1]); // the answer to go on with
                foreach (var content in message.Contents)
                {
                    switch (content)
                    {
                        case TextReasoningContent reasoning:
                            // A thought the conversation ends with may have been cut short: it goes on, unfinished.
                            var ended = !(continued && ReferenceEquals(content, message.Contents[^1]));
                            turn.Add(new ChatModelSegment(ChatModelSegmentType.Thought, reasoning.Text, ended));
                            callStartsChunk = true;
                            break;
                        case TextContent text:
                            turn.Add(new ChatModelText(text.Text));
                            callStartsChunk = true;
                            break;
                        case FunctionCallContent call:
                            callIds[call.CallId] = turn.Count;
                            turn.Add(call.RawRepresentation as ChatModelFunctionCall
                                ?? new ChatModelFunctionCall(call.Name, ToJson(call.Arguments), null) { StartsNewChunk = callStartsChunk });
                            callStartsChunk = false;
                            break;
                    }
                }
            }
            else if (message.Role == ChatRole.Tool)
            {
                callStartsChunk = true; // calls after results are the next round
                foreach (var result in message.Contents.OfType<FunctionResultContent>())
                {
                    if (turn is null || !callIds.TryGetValue(result.CallId, out var index))
                        throw new ArgumentException($"The tool result for call \"{result.CallId}\" answers no function call of the assistant turn before it.", nameof(messages));
                    turn[index] = ((ChatModelFunctionCall)turn[index]) with { Result = ToJson(result.Result) };
                }
            }
            else
            {
                throw new ArgumentException($"Messages with the role \"{message.Role}\" are not supported.", nameof(messages));
            }
        }
        EndTurn();
        return history;
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        _ => JsonSerializer.SerializeToNode(value, value.GetType()),
    };

    private static JsonNode? ToJson(IDictionary<string, object?>? arguments)
    {
        if (arguments is null) return null;
        var json = new JsonObject();
        foreach (var (key, value) in arguments) json[key] = ToJson(value);
        return json;
    }
}
