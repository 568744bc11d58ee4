namespace LlamaChat.Models;

/// <summary>Which compute backend llama.cpp should use.</summary>
public enum GpuType
{
    /// <summary>A GPU backend when one is installed (a LLamaSharp GPU backend package), otherwise the CPU.</summary>
    Auto,
    /// <summary>The CPU only.</summary>
    Cpu,
    /// <summary>NVIDIA CUDA; fails when no CUDA backend is installed.</summary>
    Cuda,
    /// <summary>Vulkan; fails when no Vulkan backend is installed.</summary>
    Vulkan,
    /// <summary>Apple Metal; fails elsewhere.</summary>
    Metal,
}
