using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// The default rendering of a model turn's items (see <see cref="ChatWrapper.GenerateModelResponseText"/>). It tracks
/// the stack of open segments so a segment continued across items gets its prefix once, and so open segments can
/// be announced again after function results.
/// </summary>
internal sealed class ModelResponseRenderer(ChatWrapper wrapper, bool useRawValues)
{
    private readonly List<LlamaText> _parts = [];
    private readonly List<ChatModelFunctionCall> _pendingCalls = [];
    private readonly List<ChatModelSegmentType> _segmentStack = [];
    private bool _lastSegmentEndedWithoutSuffix;
    private bool _needsSegmentReminder;

    private ChatWrapperSegmentSettings Segments => wrapper.Settings.Segments;

    public LlamaText Render(IReadOnlyList<ChatModelResponseItem> response)
    {
        ArgumentNullException.ThrowIfNull(response);
        foreach (var item in response)
        {
            switch (item)
            {
                case ChatModelText text:
                    FlushFunctionCalls();
                    AddSegmentReminderIfNeeded();
                    _parts.Add(text.Text);
                    break;
                case ChatModelSegment segment:
                    FlushFunctionCalls();
                    AddSegment(segment);
                    break;
                case ChatModelFunctionCall call:
                    if (call.StartsNewChunk)
                        FlushFunctionCalls();
                    _pendingCalls.Add(call);
                    break;
                default:
                    throw new ArgumentException($"Unknown model response item {item?.GetType().Name ?? "null"}.", nameof(response));
            }
        }

        FlushFunctionCalls();
        AddSegmentReminderIfNeeded();
        return new LlamaText(_parts);
    }

    private void AddSegment(ChatModelSegment segment)
    {
        var syntax = Segments.Get(segment.SegmentType);
        var continuesOpenSegment = _segmentStack.Count > 0 && _segmentStack[^1] == segment.SegmentType;
        if (segment.Raw is not null && useRawValues)
            _parts.Add(segment.Raw);
        else
            _parts.Add(new LlamaText(
                continuesOpenSegment ? LlamaText.Empty : syntax?.Prefix,
                segment.Text,
                segment.Ended ? syntax?.Suffix : LlamaText.Empty));

        _lastSegmentEndedWithoutSuffix = segment.Ended && syntax?.Suffix is null;

        if (!segment.Ended && !continuesOpenSegment)
            _segmentStack.Add(segment.SegmentType);
        else if (segment.Ended && continuesOpenSegment)
        {
            _segmentStack.RemoveAt(_segmentStack.Count - 1);
            if (_segmentStack.Count == 0 && syntax?.Suffix is null && Segments.CloseAllSegments is { } closeAll)
                _parts.Add(closeAll);
        }
    }

    private void FlushFunctionCalls()
    {
        if (_pendingCalls.Count == 0)
            return;

        _parts.Add(wrapper.GenerateFunctionCallsAndResults(_pendingCalls.ToList(), useRawValues));
        _pendingCalls.Clear();
        _needsSegmentReminder = true;
    }

    private void AddSegmentReminderIfNeeded()
    {
        if (_lastSegmentEndedWithoutSuffix && _segmentStack.Count == 0 && Segments.CloseAllSegments is { } closeAll)
        {
            _lastSegmentEndedWithoutSuffix = false;
            _parts.Add(closeAll);
        }
        else if (_needsSegmentReminder && _segmentStack.Count > 0 && Segments.ReiterateStackAfterFunctionCalls)
        {
            foreach (var type in _segmentStack)
                if (Segments.Get(type) is { } syntax)
                    _parts.Add(syntax.Prefix);
        }

        _needsSegmentReminder = false;
    }
}
