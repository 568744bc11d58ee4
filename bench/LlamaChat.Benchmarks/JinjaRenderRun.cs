using System.Diagnostics;
using System.Text.Json.Nodes;
using LlamaChat.Jinja;

namespace LlamaChat.Benchmarks;

/// <summary>Microseconds per render of a 10-turn history with the Llama 3.1 template, compiled once.</summary>
internal static class JinjaRenderRun
{
    public static double MicrosecondsPerRender(out string templateName)
    {
        templateName = "meta-llama-Llama-3.1-8B-Instruct.jinja";
        var path = Path.Combine(BenchPaths.RepositoryRoot(), "..", "shared", "fixtures", "chat-templates", templateName);
        var template = JinjaTemplate.Compile(File.ReadAllText(path));
        var messages = new JsonArray { new JsonObject { ["role"] = "system", ["content"] = "You are a helpful assistant." } };
        for (var i = 0; i < 10; i++)
        {
            messages.Add(new JsonObject { ["role"] = "user", ["content"] = $"Question number {i}: what is the capital of country {i}?" });
            messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = $"The capital of country {i} is city {i}, a lovely place." });
        }
        var variables = new JsonObject
        {
            ["messages"] = messages, ["add_generation_prompt"] = true, ["bos_token"] = "<|begin_of_text|>", ["eos_token"] = "<|eot_id|>",
        };
        for (var i = 0; i < 200; i++) template.Render(variables); // warm-up (JIT)
        const int renders = 2000;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < renders; i++) template.Render(variables);
        return clock.Elapsed.TotalMicroseconds / renders;
    }
}
