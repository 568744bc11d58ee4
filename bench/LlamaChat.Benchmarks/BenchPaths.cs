namespace LlamaChat.Benchmarks;

internal static class BenchPaths
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LlamaChat.slnx"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
