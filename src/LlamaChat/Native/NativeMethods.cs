using System.Runtime.InteropServices;

namespace LlamaChat.Native;

/// <summary>
/// Our own declarations for what LLamaSharp 0.30.0 lacks or binds wrongly (see spec/native-layer.md §6).
/// They resolve to the libllama LLamaSharp already loaded (glibc matches it by SONAME), so
/// <see cref="NativeBackend.EnsureInitialized"/> must run first.
/// </summary>
internal static unsafe partial class NativeMethods
{
    private const string Llama = "llama";

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_model_get_vocab(IntPtr model);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_vocab_get_text(IntPtr vocab, int token);

    [LibraryImport(Llama)]
    internal static partial int llama_vocab_n_tokens(IntPtr vocab);

    [LibraryImport(Llama)]
    internal static partial int llama_vocab_get_attr(IntPtr vocab, int token);

    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_is_eog(IntPtr vocab, int token);

    [LibraryImport(Llama)]
    internal static partial int llama_tokenize(IntPtr vocab, byte* text, int textLength, int* tokens, int maxTokens,
        [MarshalAs(UnmanagedType.U1)] bool addSpecial, [MarshalAs(UnmanagedType.U1)] bool parseSpecial);

    [LibraryImport(Llama)]
    internal static partial int llama_token_to_piece(IntPtr vocab, int token, byte* buffer, int length, int lstrip,
        [MarshalAs(UnmanagedType.U1)] bool special);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_get_memory(IntPtr context);

    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_memory_seq_rm(IntPtr memory, int seqId, int p0, int p1);

    [LibraryImport(Llama)]
    internal static partial void llama_memory_seq_add(IntPtr memory, int seqId, int p0, int p1, int delta);

    [LibraryImport(Llama)]
    internal static partial int llama_memory_seq_pos_max(IntPtr memory, int seqId);

    [LibraryImport(Llama)]
    internal static partial void llama_set_abort_callback(IntPtr context, IntPtr callback, IntPtr data);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_sampler_init_grammar(IntPtr vocab, byte* grammar, byte* root);

    [LibraryImport(Llama)]
    internal static partial void llama_sampler_apply(IntPtr sampler, LLamaTokenDataArrayRaw* candidates);

    [LibraryImport(Llama)]
    internal static partial void llama_sampler_accept(IntPtr sampler, int token);

    [LibraryImport(Llama)]
    internal static partial void llama_sampler_free(IntPtr sampler);

    [LibraryImport(Llama)]
    internal static partial float* llama_get_logits_ith(IntPtr context, int index);

    [LibraryImport(Llama)]
    internal static partial nuint llama_state_seq_get_size(IntPtr context, int seqId);

    [LibraryImport(Llama)]
    internal static partial nuint llama_state_seq_get_data(IntPtr context, byte* destination, nuint size, int seqId);

    [LibraryImport(Llama)]
    internal static partial nuint llama_state_seq_set_data(IntPtr context, byte* source, nuint size, int seqId);

    [LibraryImport(Llama)]
    internal static partial uint llama_n_ctx(IntPtr context);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_print_system_info();

    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_supports_gpu_offload();

    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_supports_mmap();

}

/// <summary>llama.cpp's <c>llama_token_data</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LLamaTokenDataRaw
{
    public int Id;
    public float Logit;
    public float P;
}

/// <summary>llama.cpp's <c>llama_token_data_array</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LLamaTokenDataArrayRaw
{
    public LLamaTokenDataRaw* Data;
    public nuint Size;
    public long Selected;
    [MarshalAs(UnmanagedType.U1)] public bool Sorted;
}
