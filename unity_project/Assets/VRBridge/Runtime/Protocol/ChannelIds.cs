// The three side channels' fixed ids, shared with python_bridge/unity/channels.py (docs/ARCHITECTURE.md).
using System;

namespace VRBridge.Protocol
{
    public static class ChannelIds
    {
        /// <summary>Unity -> Python: FeedbackBatch.</summary>
        public const string FeedbackUuid = "a6ddba24-6a62-44f3-b583-9a3ec0c8ce5a";
        /// <summary>Python -> Unity: ContentChunk.</summary>
        public const string ContentUuid = "a45ab702-c55f-4147-8e08-d62278fd01d6";
        /// <summary>Unity -> Python: ContentAck.</summary>
        public const string AckUuid = "91772481-cf95-49a7-9d49-dd3197cd2166";

        public static readonly Guid Feedback = new Guid(FeedbackUuid);
        public static readonly Guid Content = new Guid(ContentUuid);
        public static readonly Guid Ack = new Guid(AckUuid);
    }
}
