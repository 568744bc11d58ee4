using LlamaChat.Chat;
using LlamaChat.ChatWrappers;
using LlamaChat.Cli.Commands;
using LlamaChat.Evaluation;
using LlamaChat.Models;

namespace LlamaChat.Cli.Chat;

/// <summary>Everything a chat needs, loaded from the command's settings, and disposed together.</summary>
public sealed class ChatRuntime : IAsyncDisposable
{
    private ChatRuntime(Llama llama, LlamaModel model, LlamaContext context, LlamaChatSession session, string wrapperReason)
    {
        WrapperReason = wrapperReason;
        Llama = llama;
        Model = model;
        Context = context;
        Session = session;
    }

    public Llama Llama { get; }
    public LlamaModel Model { get; }
    public LlamaContext Context { get; }
    public LlamaChatSession Session { get; }

    /// <summary>Why the session's chat wrapper was chosen.</summary>
    public string WrapperReason { get; }

    /// <summary>Initialises llama.cpp, loads the model, creates a context and a session on its first sequence.</summary>
    public static async Task<ChatRuntime> LoadAsync(ModelSource source, ChatSettings settings, CancellationToken cancellationToken)
    {
        // MaxThreads caps every context of this Llama; setting it too keeps --threads an upper bound, not a hint.
        var llama = await Llama.GetLlamaAsync(new LlamaOptions { MaxThreads = settings.Threads }, cancellationToken);
        try
        {
            var model = await llama.LoadModelAsync(new LlamaModelOptions(source.Path), cancellationToken);
            var context = await model.CreateContextAsync(new LlamaContextOptions
            {
                ContextSize = settings.ContextSize,
                Threads = settings.Threads,
            }, cancellationToken);
            var resolution = ChatWrapperSelection.Resolve(model, new ChatWrapperResolveOptions { Type = settings.WrapperTypeName ?? "auto" });
            var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence())
            {
                ChatWrapper = resolution.Wrapper,
                SystemPrompt = settings.SystemPrompt,
                AutoDisposeSequence = true,
            });
            return new ChatRuntime(llama, model, context, session, resolution.Reason);
        }
        catch
        {
            llama.Dispose(); // disposes whatever model and context were already created
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Session.Dispose();
        await Context.DisposeAsync();
        Llama.Dispose();
    }
}
