namespace LlamaChat.Models;

/// <summary>
/// How many physical cores the machine has: llama.cpp's matrix work runs best with one thread per physical core
/// (hyper-threads share the same arithmetic units and only add contention), so that is the default thread count.
/// </summary>
internal static class CpuCores
{
    public static int Physical { get; } = CountPhysical();

    private static int CountPhysical()
    {
        var logical = Environment.ProcessorCount;
        try
        {
            // Linux: each core lists the logical CPUs that share it; count the distinct lists.
            var siblings = new HashSet<string>();
            foreach (var cpu in Directory.EnumerateDirectories("/sys/devices/system/cpu", "cpu*"))
            {
                var list = Path.Combine(cpu, "topology", "thread_siblings_list");
                if (File.Exists(list)) siblings.Add(File.ReadAllText(list).Trim());
            }
            if (siblings.Count > 0) return Math.Clamp(siblings.Count, 1, logical);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        // Elsewhere, assume two hyper-threads per core on machines big enough to have them.
        return logical >= 8 ? logical / 2 : logical;
    }
}
