using System.Diagnostics.CodeAnalysis;
using LlamaChat.Samples.Samples;

namespace LlamaChat.Samples;

/// <summary>The samples by command-line name, in the order of the chat session guide.</summary>
public static class SampleCatalog
{
    private static readonly (string Name, string Description, Func<SampleArgs, Task> Run)[] Samples =
    [
        ("simple-chatbot", "Two prompts in one chat session", SimpleChatbot.RunAsync),
        ("specific-chat-wrapper", "Choose the chat format yourself (GeneralChatWrapper)", SpecificChatWrapper.RunAsync),
        ("response-streaming", "Print the answer as it is generated", ResponseStreaming.RunAsync),
        ("repeat-penalty", "Customise the repeat penalty", RepeatPenalty.RunAsync),
        ("custom-temperature", "Temperature, top-k, top-p and a seed", CustomTemperature.RunAsync),
        ("json-response", "Make the answer a JSON object (built-in json grammar)", JsonResponse.RunAsync),
        ("json-schema-response", "Make the answer JSON that satisfies a schema, and parse it", JsonSchemaResponse.RunAsync),
        ("function-calling", "Let the model call your C# functions", FunctionCalling.RunAsync),
        ("system-prompt", "Customise the system prompt", SystemPrompt.RunAsync),
        ("save-and-restore", "Save the chat history and sequence state, restore them later", SaveAndRestore.RunAsync),
        ("prompt-without-updating-history", "Answer a prompt, then forget it", PromptWithoutUpdatingHistory.RunAsync),
        ("preload-prompt", "Evaluate a prompt before the user sends it", PreloadPrompt.RunAsync),
        ("complete-prompt", "Complete the user's unfinished prompt", CompletePrompt.RunAsync),
        ("prompt-completion-engine", "Autocomplete a prompt as it is typed", PromptCompletionEngineSample.RunAsync),
        ("response-prefix", "Make the answer start with given text", ResponsePrefix.RunAsync),
        ("stop-response-generation", "Stop an answer early and keep what was generated", StopResponseGeneration.RunAsync),
        ("stream-response-segments", "Stream thoughts and comments separately from the answer", StreamResponseSegments.RunAsync),
        ("reasoning-budget", "Limit the tokens a thinking model spends on thoughts", ReasoningBudget.RunAsync),
    ];

    /// <summary>Every sample's name and description.</summary>
    public static IEnumerable<(string Name, string Description)> All => Samples.Select(s => (s.Name, s.Description));

    /// <summary>Finds a sample by name.</summary>
    public static bool TryGet(string name, [NotNullWhen(true)] out Func<SampleArgs, Task>? run)
    {
        run = Samples.FirstOrDefault(s => s.Name == name).Run;
        return run is not null;
    }
}
