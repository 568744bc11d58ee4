using System.Runtime.InteropServices;
using System.Text;
using LLama.Native;

namespace LlamaChat.Native;

/// <summary>Severity of a line llama.cpp logs.</summary>
internal enum NativeLogLevel { Debug, Info, Warning, Error }

/// <summary>
/// Loads llama.cpp once per process and routes its log. LLamaSharp installs its library resolver in
/// <see cref="NativeApi"/>'s static constructor, so it must be touched before any other P/Invoke.
/// </summary>
internal static class NativeBackend
{
    private static readonly object Gate = new();
    private static bool _initialized;
    private static Action<NativeLogLevel, string>? _logSink;
    private static NativeLogLevel _lastLevel = NativeLogLevel.Info;
    private static readonly StringBuilder PendingLine = new();
    // Held in a field so the delegate outlives the native pointer llama.cpp keeps.
    private static readonly NativeLogConfig.LLamaLogCallback LogCallback = OnNativeLog;

    /// <summary>Where llama.cpp's log lines go; <c>null</c> drops them.</summary>
    public static Action<NativeLogLevel, string>? LogSink
    {
        get => _logSink;
        set => _logSink = value;
    }

    private static readonly Queue<string> Errors = new();

    /// <summary>
    /// The last few error lines llama.cpp logged, joined: the only place it explains why a load failed (the last line
    /// alone usually just says that it failed).
    /// </summary>
    public static string RecentErrors { get { lock (Errors) return string.Join("; ", Errors.Distinct()); } }

    public static void ClearErrors() { lock (Errors) Errors.Clear(); }

    public static void EnsureInitialized()
    {
        if (_initialized) return;
        lock (Gate)
        {
            if (_initialized) return;
            if (!NativeLibraryConfig.LLama.LibraryHasLoaded)
                NativeLibraryConfig.All.WithLogCallback(LogCallback);
            NativeApi.llama_empty_call();
            NativeLogConfig.llama_log_set(LogCallback);
            _initialized = true;
        }
    }

    public static string SystemInfo
    {
        get
        {
            EnsureInitialized();
            return Marshal.PtrToStringUTF8(NativeMethods.llama_print_system_info()) ?? "";
        }
    }

    public static bool SupportsGpuOffload { get { EnsureInitialized(); return NativeMethods.llama_supports_gpu_offload(); } }
    public static bool SupportsMmap { get { EnsureInitialized(); return NativeMethods.llama_supports_mmap(); } }

    public static string LoadedLibraryDescription
    {
        get
        {
            EnsureInitialized();
            return NativeApi.GetLoadedNativeLibrary(NativeLibraryName.LLama)?.Metadata?.ToString() ?? "unknown";
        }
    }

    private static void OnNativeLog(LLamaLogLevel level, string message)
    {
        lock (PendingLine)
        {
            // llama.cpp may split one line over several calls; "Continue" extends the previous one.
            if (level != LLamaLogLevel.Continue) _lastLevel = Map(level);
            PendingLine.Append(message);
            if (!message.EndsWith('\n')) return;
            var line = PendingLine.ToString().TrimEnd('\n');
            PendingLine.Clear();
            if (_lastLevel == NativeLogLevel.Error)
                lock (Errors)
                {
                    Errors.Enqueue(line.Trim());
                    while (Errors.Count > 4) Errors.Dequeue();
                }
            try { _logSink?.Invoke(_lastLevel, line); }
            catch { /* an exception must never unwind through native frames */ }
        }
    }

    private static NativeLogLevel Map(LLamaLogLevel level) => level switch
    {
        LLamaLogLevel.Error => NativeLogLevel.Error,
        LLamaLogLevel.Warning => NativeLogLevel.Warning,
        LLamaLogLevel.Info => NativeLogLevel.Info,
        _ => NativeLogLevel.Debug,
    };
}
