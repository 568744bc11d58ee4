namespace LlamaChat.Text;

/// <summary>A special token that every model may define: the ones chat formats refer to by role, not by text.</summary>
public enum SpecialToken
{
    /// <summary>Beginning of sequence.</summary>
    Bos,
    /// <summary>End of sequence.</summary>
    Eos,
    /// <summary>End of turn.</summary>
    Eot,
    /// <summary>The newline token.</summary>
    Nl,
    /// <summary>Separator.</summary>
    Sep,
}
