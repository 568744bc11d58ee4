namespace LlamaChat.Tests.Gguf;

/// <summary>Locates ../shared/fixtures and makes temporary files for GGUF and forge tests.</summary>
internal static class GgufTestFiles
{
    private static readonly Lazy<string?> FixturesDirectory = new(FindFixtures);

    /// <summary>The shared fixtures folder, or null when this checkout has none beside it.</summary>
    public static string? Fixtures => FixturesDirectory.Value;

    public const string MissingFixturesReason = "../shared/fixtures is not present beside the repository (a fresh clone elsewhere); fixture tests are skipped.";

    /// <summary>The path of a fixture file; skips the test when the fixtures folder or the file is absent.</summary>
    public static string Fixture(string relativePath)
    {
        Skip.If(Fixtures is null, MissingFixturesReason);
        var path = Path.Combine(Fixtures!, relativePath);
        Skip.IfNot(File.Exists(path), $"Fixture '{relativePath}' is missing from {Fixtures}.");
        return path;
    }

    private static readonly string RunDirectory = CreateRunDirectory();

    /// <summary>A fresh empty temporary folder for one test; all of them are deleted when the test process exits.</summary>
    public static string NewTempDirectory()
    {
        var dir = Path.Combine(RunDirectory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string CreateRunDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "llamachat-tests", $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        // Forged models reach tens of megabytes; do not let repeated runs fill the temp folder.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        };
        return dir;
    }

    private static string? FindFixtures()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LlamaChat.slnx")))
            {
                var fixtures = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures"));
                return Directory.Exists(fixtures) ? fixtures : null;
            }
        }
        return null;
    }
}
