using System.Runtime.InteropServices;
using System.Text;
using LLama.Exceptions;
using LLama.Native;

namespace LlamaChat.Native;

/// <summary>Parameters for <see cref="NativeModel.Load"/>, in llama.cpp's terms.</summary>
internal sealed record NativeModelLoadParams(
    string Path,
    int GpuLayers,
    bool UseMmap,
    bool UseMlock,
    bool VocabOnly,
    IReadOnlyDictionary<string, object>? MetadataOverrides,
    Func<float, bool>? OnProgress);

/// <summary>A loaded llama.cpp model: its handle, vocabulary and tokenizer, with every argument checked first.</summary>
internal sealed unsafe class NativeModel : IDisposable
{
    private readonly SafeLlamaModelHandle _handle;
    private readonly IntPtr _vocab;
    private readonly byte[]?[] _pieces;
    private readonly byte[]?[] _specialPieces;
    private readonly int[] _newlinePrefixTokens;

    private NativeModel(SafeLlamaModelHandle handle)
    {
        _handle = handle;
        _vocab = NativeMethods.llama_model_get_vocab(handle.DangerousGetHandle());
        VocabularySize = NativeMethods.llama_vocab_n_tokens(_vocab);
        _pieces = new byte[VocabularySize][];
        _specialPieces = new byte[VocabularySize][];
        IsSentencePiece = handle.Vocab.Type == LLamaVocabType.SentencePiece;
        _newlinePrefixTokens = IsSentencePiece ? TokenizeRaw("\n", false) : [];
    }

    public static NativeModel Load(NativeModelLoadParams p)
    {
        NativeBackend.EnsureInitialized();
        var modelParams = LLamaModelParams.Default();
        modelParams.n_gpu_layers = p.GpuLayers;
        modelParams.load_mode = (p.UseMmap, p.UseMlock) switch
        {
            (true, true) => LLamaLoadMode.MemoryMapAndLock,
            (true, false) => LLamaLoadMode.MemoryMap,
            (false, true) => LLamaLoadMode.MemoryLock,
            _ => LLamaLoadMode.None,
        };
        modelParams.vocab_only = p.VocabOnly;
        // The delegate must stay alive for the whole native call.
        LlamaProgressCallback? progress = p.OnProgress is null ? null : (value, _) => p.OnProgress(value);
        modelParams.progress_callback = progress;

        NativeMetadataOverride[]? overrides = null;
        if (p.MetadataOverrides is { Count: > 0 })
        {
            overrides = new NativeMetadataOverride[p.MetadataOverrides.Count + 1]; // last entry: empty key ends the list
            var i = 0;
            foreach (var (key, value) in p.MetadataOverrides) overrides[i++] = NativeMetadataOverride.Create(key, value);
        }

        fixed (NativeMetadataOverride* overridePtr = overrides)
        {
            if (overrides is not null) modelParams.kv_overrides = (LLamaModelMetadataOverride*)overridePtr;
            try
            {
                var handle = SafeLlamaModelHandle.LoadFromFile(p.Path, modelParams);
                GC.KeepAlive(progress);
                return new NativeModel(handle);
            }
            catch (LoadWeightsFailedException)
            {
                GC.KeepAlive(progress);
                throw new NativeLoadFailedException();
            }
        }
    }

    public int VocabularySize { get; }
    public bool IsSentencePiece { get; }
    public IntPtr Handle => _handle.DangerousGetHandle();
    internal SafeLlamaModelHandle SafeHandle => _handle;
    public IntPtr Vocab => _vocab;

    public string Description => _handle.Description;
    public ulong SizeInBytes => _handle.SizeInBytes;
    public ulong ParameterCount => _handle.ParameterCount;
    public int TrainContextSize => _handle.ContextSize;
    public int EmbeddingSize => _handle.EmbeddingSize;
    public int LayerCount => _handle.LayerCount;
    // llama.cpp aborts when asked for per-layer values of a model without layers (a vocab-only load).
    public int HeadCount => LayerCount > 0 ? _handle.HeadCount : 0;
    public int KvHeadCount => LayerCount > 0 ? _handle.KVHeadCount : 0;
    public bool ShouldAddBos => _handle.Vocab.ShouldAddBOS;
    public bool ShouldAddEos => _handle.Vocab.ShouldAddEOS;

    public int? Bos => Token(_handle.Vocab.BOS);
    public int? Eos => Token(_handle.Vocab.EOS);
    public int? Eot => Token(_handle.Vocab.EOT);
    public int? Sep => Token(_handle.Vocab.SEP);
    public int? Newline => Token(_handle.Vocab.Newline);
    public int? InfillPrefix => Token(_handle.Vocab.InfillPrefix);
    public int? InfillMiddle => Token(_handle.Vocab.InfillMiddle);
    public int? InfillSuffix => Token(_handle.Vocab.InfillSuffix);

    private static int? Token(LLamaToken? token) => token is { } t && (int)t >= 0 ? (int)t : null;

    public string? GetMetadata(string key)
    {
        var value = _handle.MetadataValueByKey(key);
        return value is { } v ? Encoding.UTF8.GetString(v.Span).TrimEnd('\0') : null;
    }

    public IReadOnlyDictionary<string, string> GetAllMetadata()
    {
        var result = new Dictionary<string, string>();
        for (var i = 0; i < _handle.MetadataCount; i++)
        {
            var key = _handle.MetadataKeyByIndex(i);
            var value = _handle.MetadataValueByIndex(i);
            if (key is { } k && value is { } v)
                result[Encoding.UTF8.GetString(k.Span).TrimEnd('\0')] = Encoding.UTF8.GetString(v.Span).TrimEnd('\0');
        }
        return result;
    }

    public void CheckToken(int token)
    {
        if ((uint)token >= (uint)VocabularySize)
            throw new ArgumentOutOfRangeException(nameof(token), token,
                $"Token id {token} is outside this model's vocabulary (0 to {VocabularySize - 1}).");
    }

    public int GetAttributes(int token) { CheckToken(token); return NativeMethods.llama_vocab_get_attr(_vocab, token); }
    public bool IsEog(int token) { CheckToken(token); return NativeMethods.llama_vocab_is_eog(_vocab, token); }

    public string GetTokenText(int token)
    {
        CheckToken(token);
        return Marshal.PtrToStringUTF8(NativeMethods.llama_vocab_get_text(_vocab, token)) ?? "";
    }

    public int[] Tokenize(string text, bool specialTokens, bool trimLeadingSpace)
    {
        if (!trimLeadingSpace || _newlinePrefixTokens.Length == 0) return TokenizeRaw(text, specialTokens);
        // SentencePiece puts a space before the first word; tokenizing after a newline and dropping the
        // newline's tokens avoids it for text that continues earlier text.
        var tokens = TokenizeRaw("\n" + text, specialTokens);
        if (tokens.AsSpan().StartsWith(_newlinePrefixTokens)) return tokens[_newlinePrefixTokens.Length..];
        return TokenizeRaw(text, specialTokens);
    }

    // Some llama.cpp pre-tokenizers (DeepSeek's, for one) fall back to std::regex, which recurses once per
    // character of a run of letters, punctuation, CJK or whitespace: about 300 bytes of native stack each, so
    // 5,000 letters in a row overflowed a 1 MB thread and killed the process. Texts with long runs are tokenized
    // on a thread whose stack fits the run (reserved, not committed, so a large one costs little).
    private const int RunSafeOnAnyThread = 1000;
    private const int StackBytesPerRunChar = 1024;
    internal const int MaxRunLength = 1_000_000;

    private int[] TokenizeRaw(string text, bool specialTokens)
    {
        if (text.Length == 0) return [];
        var run = LongestRun(text);
        if (run <= RunSafeOnAnyThread) return TokenizeOnThisThread(text, specialTokens);
        if (run > MaxRunLength)
            throw new ArgumentException(
                $"The text has a run of {run:N0} characters that are all whitespace or all not; llama.cpp's tokenizer can need stack for each of them, " +
                $"so at most {MaxRunLength:N0} are accepted. Break the run up.", nameof(text));
        int[]? tokens = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try { tokens = TokenizeOnThisThread(text, specialTokens); }
            catch (Exception e) { error = e; }
        }, 16 * 1024 * 1024 + run * StackBytesPerRunChar) { IsBackground = true, Name = "LlamaChat tokenizer" };
        thread.Start();
        thread.Join();
        if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        return tokens!;
    }

    /// <summary>
    /// The longest run of characters that are all whitespace or all not: in the tokenizers tested, no regex match
    /// (and so no recursion) is longer.
    /// </summary>
    private static int LongestRun(string text)
    {
        int longest = 0, current = 0;
        var inWhitespace = false;
        foreach (var c in text)
        {
            var whitespace = char.IsWhiteSpace(c);
            current = whitespace == inWhitespace ? current + 1 : 1;
            inWhitespace = whitespace;
            if (current > longest) longest = current;
        }
        return longest;
    }

    private int[] TokenizeOnThisThread(string text, bool specialTokens)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var capacity = bytes.Length + 8;
        while (true)
        {
            var tokens = new int[capacity];
            int count;
            fixed (byte* textPtr = bytes)
            fixed (int* tokenPtr = tokens)
                count = NativeMethods.llama_tokenize(_vocab, textPtr, bytes.Length, tokenPtr, capacity, false, specialTokens);
            if (count >= 0) return count == capacity ? tokens : tokens[..count];
            if (count == int.MinValue) throw new InvalidOperationException("The text is too long to tokenize.");
            capacity = -count;
        }
    }

    /// <summary>The bytes a token stands for (a token may hold part of a UTF-8 character). Cached per token.</summary>
    public ReadOnlySpan<byte> GetPiece(int token, bool special)
    {
        CheckToken(token);
        var cache = special ? _specialPieces : _pieces;
        return cache[token] ??= ReadPiece(token, special);
    }

    private byte[] ReadPiece(int token, bool special)
    {
        Span<byte> buffer = stackalloc byte[128];
        int length;
        fixed (byte* ptr = buffer) length = NativeMethods.llama_token_to_piece(_vocab, token, ptr, buffer.Length, 0, special);
        if (length >= 0) return buffer[..length].ToArray();
        var large = new byte[-length];
        fixed (byte* ptr = large) length = NativeMethods.llama_token_to_piece(_vocab, token, ptr, large.Length, 0, special);
        return large[..Math.Max(length, 0)];
    }

    public byte[] GetBytes(ReadOnlySpan<int> tokens, bool special)
    {
        var output = new List<byte>(tokens.Length * 4);
        foreach (var token in tokens) output.AddRange(GetPiece(token, special));
        return output.ToArray();
    }

    public void Dispose() => _handle.Dispose();
}

/// <summary>llama.cpp refused to load a model; the reason is in its log.</summary>
internal sealed class NativeLoadFailedException : Exception;
