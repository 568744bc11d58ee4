namespace LlamaChat.Tests.Support;

/// <summary>Where the repository and the shared fixtures are.</summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string FixturesDirectory => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "fixtures"));

    public static bool FixturesAvailable => Directory.Exists(FixturesDirectory);

    public const string NoFixtures = "../shared/fixtures is not beside this clone; fixture tests are skipped.";

    public static string Fixture(params string[] parts) => Path.Combine([FixturesDirectory, .. parts]);

    /// <summary>A fixture file's path; skips the test when the fixtures are absent.</summary>
    public static string RequireFixture(params string[] parts)
    {
        Skip.IfNot(FixturesAvailable, NoFixtures);
        return Fixture(parts);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LlamaChat.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (LlamaChat.slnx) above " + AppContext.BaseDirectory);
    }
}
