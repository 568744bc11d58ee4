namespace LlamaChat.Tests.ChatWrappers;

/// <summary>Locates the repository root and the shared fixtures next to it.</summary>
internal static class FixturePaths
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LlamaChat.slnx")))
                dir = dir.Parent;

            return dir?.FullName ?? throw new InvalidOperationException("LlamaChat.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    public static string ChatTemplates => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "fixtures", "chat-templates"));

    public static string ChatTemplatesGolden => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "fixtures", "chat-templates-golden"));
}
