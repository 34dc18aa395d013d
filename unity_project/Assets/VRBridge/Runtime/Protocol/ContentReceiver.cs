// The content channel's receive path without Unity: size cap, parse, version check, reassembly.
// ContentChannel (Runtime/Channels) is a thin SideChannel around this class.
using System;
using Google.Protobuf;

namespace VRBridge.Protocol
{
    public enum ReceiveStatus
    {
        /// <summary>A chunk arrived; the message is not complete yet.</summary>
        Partial,
        /// <summary>The last chunk arrived; <see cref="ReceiveResult.Message"/> is the whole message.</summary>
        Complete,
        /// <summary>The bytes were refused; <see cref="ReceiveResult.Reason"/> says why.</summary>
        Rejected,
    }

    public struct ReceiveResult
    {
        public ReceiveStatus Status;
        /// <summary>The content id the bytes were about, where it could be read ("" otherwise).</summary>
        public string ContentId;
        public ContentMessage Message;
        public string Reason;
    }

    public sealed class ContentReceiver
    {
        /// <summary>Largest raw side-channel message accepted: one chunk plus its framing.</summary>
        public const int MaxRawBytes = ChunkAssembler.MaxChunkBytes + 64 * 1024;

        readonly ChunkAssembler m_Assembler;

        public ContentReceiver(ChunkAssembler assembler = null)
        {
            m_Assembler = assembler ?? new ChunkAssembler();
        }

        public int Pending { get { return m_Assembler.Pending; } }

        /// <summary>Handles the raw bytes of one side-channel message. Never throws for bad input.</summary>
        public ReceiveResult Receive(byte[] raw)
        {
            if (raw == null || raw.Length == 0)
                return Reject("", "empty content-channel message (expected a ContentChunk).");
            if (raw.Length > MaxRawBytes)
                return Reject("", "content-channel message of " + raw.Length + " bytes is over the " +
                                  MaxRawBytes + "-byte cap for one chunk.");
            ContentChunk chunk;
            try
            {
                chunk = ContentChunk.Parser.ParseFrom(raw);
            }
            catch (InvalidProtocolBufferException e)
            {
                return Reject("", "not a ContentChunk: " + e.Message);
            }
            try
            {
                ContentMessage msg = m_Assembler.Add(chunk);
                if (msg == null)
                    return new ReceiveResult { Status = ReceiveStatus.Partial, ContentId = chunk.ContentId };
                return new ReceiveResult { Status = ReceiveStatus.Complete, ContentId = msg.ContentId, Message = msg };
            }
            catch (BridgeException e)
            {
                return Reject(chunk.ContentId, e.Message);
            }
        }

        static ReceiveResult Reject(string contentId, string reason)
        {
            return new ReceiveResult { Status = ReceiveStatus.Rejected, ContentId = contentId ?? "", Reason = reason };
        }
    }
}
