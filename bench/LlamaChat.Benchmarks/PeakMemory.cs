namespace LlamaChat.Benchmarks;

/// <summary>The process's peak resident memory (VmHWM), which includes llama.cpp's native allocations.</summary>
internal static class PeakMemory
{
    public static double Megabytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        return double.NaN;
    }
}
