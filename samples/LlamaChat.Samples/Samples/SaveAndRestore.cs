using LlamaChat.Chat;
using LlamaChat.History;
using LlamaChat.Models;

namespace LlamaChat.Samples.Samples;

public static class SaveAndRestore
{
    public static async Task RunAsync(SampleArgs args)
    {
        var folder = Directory.CreateTempSubdirectory("llamachat-sample-").FullName;
        var historyPath = Path.Combine(folder, "chatHistory.json");
        var statePath = Path.Combine(folder, "state.bin");

        using var llama = await Llama.GetLlamaAsync(args.LlamaOptions);
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(args.ModelPath));

        // Save: the chat history as JSON (the same format node-llama-cpp uses), and optionally the sequence's
        // evaluated state, so a long history need not be evaluated again after loading.
        await using (var context = await model.CreateContextAsync())
        {
            var contextSequence = context.GetSequence();
            using var session = new LlamaChatSession(contextSequence);

            var q1 = "Hi there, how are you?";
            Console.WriteLine("User: " + q1);

            var a1 = await session.PromptAsync(q1);
            Console.WriteLine("AI: " + a1);

            var chatHistory = session.GetChatHistory();
            await File.WriteAllTextAsync(historyPath, ChatHistoryJson.Serialize(chatHistory));
            var stateSize = await contextSequence.SaveStateToFileAsync(statePath);
            Console.WriteLine($"(Saved the history to {historyPath} and {stateSize:N0} bytes of state to {statePath})");
        }

        // Restore, here in a new context as if the program had restarted.
        await using (var context = await model.CreateContextAsync())
        {
            var contextSequence = context.GetSequence();
            using var session = new LlamaChatSession(contextSequence);

            // State files hold raw llama.cpp memory: load only files you created yourself with this exact model.
            await contextSequence.LoadStateFromFileAsync(statePath, acceptRisk: true);
            var chatHistory = ChatHistoryJson.Deserialize(await File.ReadAllTextAsync(historyPath));
            session.SetChatHistory(chatHistory);

            var q2 = "Summarize what you said";
            Console.WriteLine("User: " + q2);

            var a2 = await session.PromptAsync(q2);
            Console.WriteLine("AI: " + a2);
        }

        Directory.Delete(folder, recursive: true);
    }
}
