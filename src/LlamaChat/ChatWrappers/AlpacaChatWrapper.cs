namespace LlamaChat.ChatWrappers;

/// <summary>The Alpaca format: <see cref="GeneralChatWrapper"/> with <c>### Instruction:</c> and <c>### Response:</c> titles.</summary>
public class AlpacaChatWrapper : GeneralChatWrapper
{
    /// <summary>Creates the wrapper.</summary>
    public AlpacaChatWrapper(string userMessageTitle = "Instruction", string modelResponseTitle = "Response",
        string middleSystemMessageTitle = "System", bool allowSpecialTokensInTitles = false)
        : base(userMessageTitle + ":", modelResponseTitle + ":", middleSystemMessageTitle + ":", allowSpecialTokensInTitles)
    {
    }

    /// <inheritdoc/>
    public override string WrapperName => "AlpacaChat";
}
