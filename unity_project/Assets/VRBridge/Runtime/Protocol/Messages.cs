// Builders for the messages the scene sends: acks and feedback batches, each with the schema header.
using System;
using System.Collections.Generic;
using Google.Protobuf;

namespace VRBridge.Protocol
{
    public static class Acks
    {
        public static ContentAck Applied(string contentId, double timestampS, float applyMs)
        {
            return new ContentAck
            {
                Header = Schema.Header(),
                ContentId = contentId ?? "",
                Status = AckStatus.Applied,
                TimestampS = timestampS,
                ApplyMs = applyMs,
            };
        }

        /// <param name="reason">The failed rule and where, e.g. "tile_class at (3, 7): 12 is not a tile class".</param>
        public static ContentAck Rejected(string contentId, string reason, double timestampS, float applyMs = 0f)
        {
            return new ContentAck
            {
                Header = Schema.Header(),
                ContentId = contentId ?? "",
                Status = AckStatus.Rejected,
                Reason = reason ?? "",
                TimestampS = timestampS,
                ApplyMs = applyMs,
            };
        }
    }

    public static class FeedbackBatches
    {
        /// <summary>Largest feedback batch sent in one side-channel message. Python drops incoming
        /// messages over 1 MiB (MAX_INCOMING_BYTES); staying far below keeps exchanges small.</summary>
        public const int MaxBatchBytes = 256 * 1024;

        /// <summary>Moves events from the front of <paramref name="queue"/> into one batch of at most
        /// <paramref name="maxBytes"/> serialized bytes (at least one event, so none is stuck).</summary>
        public static FeedbackBatch Take(List<FeedbackEvent> queue, int maxBytes = MaxBatchBytes)
        {
            var batch = new FeedbackBatch { Header = Schema.Header() };
            int size = batch.CalculateSize();
            int taken = 0;
            while (taken < queue.Count)
            {
                FeedbackEvent e = queue[taken];
                int eventSize = e.CalculateSize();
                // field tag (1 byte) + length varint + the event
                int framed = 1 + CodedOutputStream.ComputeLengthSize(eventSize) + eventSize;
                if (taken > 0 && size + framed > maxBytes) break;
                batch.Events.Add(e);
                size += framed;
                taken++;
            }
            queue.RemoveRange(0, taken);
            return batch;
        }
    }
}
