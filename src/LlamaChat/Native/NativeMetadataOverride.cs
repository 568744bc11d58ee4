using System.Runtime.InteropServices;
using System.Text;

namespace LlamaChat.Native;

/// <summary>llama.cpp's <c>llama_model_kv_override</c>: tag, a 128-byte key, then a union of value types.</summary>
[StructLayout(LayoutKind.Explicit, Size = 264)]
internal unsafe struct NativeMetadataOverride
{
    [FieldOffset(0)] public int Tag;
    [FieldOffset(4)] public fixed byte Key[128];
    [FieldOffset(136)] public long IntValue;
    [FieldOffset(136)] public double FloatValue;
    [FieldOffset(136)] public byte BoolValue;
    [FieldOffset(136)] public fixed byte StringValue[128];

    public const int MaxKeyBytes = 127;

    public static NativeMetadataOverride Create(string key, object value)
    {
        var result = new NativeMetadataOverride();
        var keyBytes = Encoding.UTF8.GetBytes(key);
        if (keyBytes.Length is 0 or > MaxKeyBytes)
            throw new ArgumentException($"Metadata override key '{key}' must be 1 to {MaxKeyBytes} UTF-8 bytes long.");
        for (var i = 0; i < keyBytes.Length; i++) result.Key[i] = keyBytes[i];
        switch (value)
        {
            case bool b: result.Tag = 2; result.BoolValue = b ? (byte)1 : (byte)0; break;
            case int or long or short or byte or uint:
                result.Tag = 0; result.IntValue = Convert.ToInt64(value); break;
            case float or double or decimal:
                result.Tag = 1; result.FloatValue = Convert.ToDouble(value); break;
            case string s:
                var bytes = Encoding.UTF8.GetBytes(s);
                if (bytes.Length > 127)
                    throw new ArgumentException($"Metadata override value for '{key}' is longer than 127 UTF-8 bytes.");
                result.Tag = 3;
                for (var i = 0; i < bytes.Length; i++) result.StringValue[i] = bytes[i];
                break;
            default:
                throw new ArgumentException(
                    $"Metadata override '{key}' has a value of type {value?.GetType().Name ?? "null"}; use bool, an integer, a floating-point number or a string.");
        }
        return result;
    }
}
