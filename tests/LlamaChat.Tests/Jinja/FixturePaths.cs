namespace LlamaChat.Tests.Jinja;

/// <summary>Locates the shared fixtures folder (../shared/fixtures next to the repository root).</summary>
internal static class FixturePaths
{
    public static string? FixturesRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LlamaChat.slnx"))) dir = dir.Parent;
        if (dir is null) return null;
        var fixtures = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures"));
        return Directory.Exists(fixtures) ? fixtures : null;
    }

    public static string? GoldenDirectory()
    {
        var root = FixturesRoot();
        if (root is null) return null;
        var golden = Path.Combine(root, "chat-templates-golden");
        return Directory.Exists(golden) ? golden : null;
    }
}
