using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using LlamaChat.ChatWrappers;
using LlamaChat.Evaluation;
using LlamaChat.Grammar;
using LlamaChat.History;
using Microsoft.Extensions.AI;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace LlamaChat.Chat;

/// <summary>
/// LlamaChat as a Microsoft.Extensions.AI <see cref="IChatClient"/>: any code written against that interface can
/// chat with a local model. Each call gets the whole conversation; the KV cache of the sequence is reused where the
/// conversation starts as before, so a growing conversation costs only its new messages. Tools are returned as
/// <see cref="FunctionCallContent"/> for the caller (e.g. Microsoft.Extensions.AI's function-invoking client) to run;
/// <c>ResponseFormat</c> JSON (with or without a schema) constrains the answer with a grammar. Calls run one at a time.
/// </summary>
public sealed class LlamaChatClient : IChatClient
{
    private readonly LlamaChatEngine _engine;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly ChatClientMetadata _metadata;
    // Cancelled by Dispose, so that a call still running stops (and releases the sequence) instead of going on.
    private readonly CancellationTokenSource _lifetime = new();
    private bool _disposed;

    /// <summary>Creates a client on <paramref name="sequence"/>; the chat wrapper is resolved from the model when not given.</summary>
    public LlamaChatClient(LlamaContextSequence sequence, ChatWrapper? chatWrapper = null)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        _engine = new LlamaChatEngine(sequence, chatWrapper ?? ChatWrapperSelection.ForModel(sequence.Model));
        _metadata = new ChatClientMetadata("llamachat", null, sequence.Model.FileInfo.Name ?? Path.GetFileName(sequence.Model.ModelPath));
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            updates.Add(update);
        return updates.ToChatResponse();
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var history = ChatClientHistory.FromMessages(messages, options?.Instructions);
        if (history.Count == 0 || history[^1] is not ChatModelResponse) history.Add(new ChatModelResponse());
        var responseId = Guid.NewGuid().ToString("N");
        var channel = Channel.CreateUnbounded<ChatResponseUpdate>(new UnboundedChannelOptions { SingleReader = true });
        var generateOptions = ToGenerateOptions(options) with
        {
            OnResponseChunk = chunk =>
            {
                if (chunk.Text.Length == 0) return;
                AIContent content = chunk.SegmentType == ChatModelSegmentType.Thought ? new TextReasoningContent(chunk.Text) : new TextContent(chunk.Text);
                channel.Writer.TryWrite(new ChatResponseUpdate(ChatRole.Assistant, [content]) { ResponseId = responseId, ModelId = _metadata.DefaultModelId });
            },
        };

        // Stopping the enumeration early, or disposing the client, stops the generation too.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        var generation = GenerateAsync(history, generateOptions, responseId, channel.Writer, stop.Token);
        await foreach (var update in ProducerStream.ReadAsync(channel.Reader, generation, stop).ConfigureAwait(false))
            yield return update;
    }

    private async Task GenerateAsync(List<ChatHistoryItem> history, GenerateResponseOptions options, string responseId,
        ChannelWriter<ChatResponseUpdate> writer, CancellationToken cancellationToken)
    {
        try
        {
            await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var meter = _engine.Sequence.TokenMeter.GetState();
                var result = await _engine.GenerateResponseAsync(history, options, cancellationToken).ConfigureAwait(false);
                var used = _engine.Sequence.TokenMeter.Diff(meter);
                var contents = new List<AIContent>();
                foreach (var call in result.FunctionCalls)
                    contents.Add(new FunctionCallContent("call_" + Guid.NewGuid().ToString("N")[..12], call.Name, ToArguments(call.Params)) { RawRepresentation = call });
                contents.Add(new UsageContent(new UsageDetails
                {
                    InputTokenCount = used.InputTokens, OutputTokenCount = used.OutputTokens, TotalTokenCount = used.InputTokens + used.OutputTokens,
                }));
                writer.TryWrite(new ChatResponseUpdate(ChatRole.Assistant, contents)
                {
                    ResponseId = responseId,
                    ModelId = _metadata.DefaultModelId,
                    FinishReason = result.StopReason switch
                    {
                        StopReason.FunctionCalls => ChatFinishReason.ToolCalls,
                        StopReason.MaxTokens => ChatFinishReason.Length,
                        _ => ChatFinishReason.Stop,
                    },
                });
                writer.TryComplete();
            }
            finally { _lock.Release(); }
        }
        catch (OperationCanceledException) when (_disposed)
        {
            writer.TryComplete();
            throw new ObjectDisposedException(nameof(LlamaChatClient), "The client was disposed while the call ran.");
        }
        catch
        {
            writer.TryComplete(); // the caller learns of the failure from the generation task
            throw;
        }
    }

    private static GenerateResponseOptions ToGenerateOptions(ChatOptions? options)
    {
        if (options is null) return new GenerateResponseOptions();
        var sampling = new SamplingOptions
        {
            Temperature = options.Temperature ?? 0,
            TopP = options.TopP ?? 0.95f,
            TopK = options.TopK ?? 40,
            Seed = options.Seed is { } seed ? unchecked((uint)seed) : null,
            RepeatPenalty = options.FrequencyPenalty is not null || options.PresencePenalty is not null
                ? new RepeatPenaltyOptions { Penalty = 1, FrequencyPenalty = options.FrequencyPenalty ?? 0, PresencePenalty = options.PresencePenalty ?? 0 }
                : null,
        };
        LlamaGrammar? grammar = options.ResponseFormat switch
        {
            ChatResponseFormatJson { Schema: { } schema } => JsonSchemaGrammar.FromSchema(schema.GetRawText()),
            ChatResponseFormatJson => LlamaGrammar.BuiltIn("json"),
            _ => null,
        };
        if (options.ToolMode is RequiredChatToolMode)
            throw new NotSupportedException("ChatToolMode.RequireAny and RequireSpecific are not supported: LlamaChat cannot force the model " +
                "to call a function. Use ChatToolMode.Auto (the model decides) or pass only the tools it may call.");
        var functions = options.ToolMode is NoneChatToolMode || options.Tools is null
            ? []
            : options.Tools.OfType<AIFunctionDeclaration>()
                .Select(tool => new ChatFunctionDefinition(tool.Name, tool.Description, ToolSchema(tool.JsonSchema)))
                .ToList();
        return new GenerateResponseOptions
        {
            Sampling = sampling with { Grammar = grammar },
            MaxTokens = options.MaxOutputTokens,
            CustomStopTriggers = options.StopSequences?.Select(s => (Text.LlamaText)s).ToList() ?? [],
            Functions = functions,
            MaxParallelFunctionCalls = options.AllowMultipleToolCalls == false ? 1 : null,
        };
    }

    /// <summary>A tool's parameter schema, or null for a tool that takes no parameters (LlamaChat then writes none).</summary>
    private static JsonNode? ToolSchema(JsonElement schema)
    {
        var node = JsonNode.Parse(schema.GetRawText()) as JsonObject;
        if (node is null || node["properties"] is not JsonObject { Count: > 0 }) return null;
        node.Remove("$schema");
        node.Remove("title");
        return node;
    }

    private static Dictionary<string, object?>? ToArguments(JsonNode? parameters) =>
        parameters is JsonObject obj ? obj.ToDictionary(p => p.Key, p => (object?)(p.Value is null ? null : JsonSerializer.SerializeToElement(p.Value))) : null;

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType is null ? throw new ArgumentNullException(nameof(serviceType))
        : serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : serviceType.IsInstanceOfType(_engine.Sequence) ? _engine.Sequence
        : null;

    /// <summary>Stops a call that is running; does not dispose the sequence, which belongs to the caller.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _lifetime.Cancel();
    }
}
