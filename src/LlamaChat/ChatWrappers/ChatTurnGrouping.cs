namespace LlamaChat.ChatWrappers;

/// <summary>How <see cref="ChatTurnGrouper"/> groups consecutive history items into turns.</summary>
internal enum ChatTurnGrouping
{
    /// <summary>Consecutive system messages form one turn; every user and model item is a turn of its own.</summary>
    SystemsMerged,
    /// <summary>Consecutive items of the same kind form one turn.</summary>
    SameKindMerged,
    /// <summary>System and user items up to the next model item form one turn together with the model items that follow.</summary>
    Interactions,
}
