// Reassembles ContentChunks into ContentMessages: the receiving half of python_bridge/protocol/codec.py's
// split_into_chunks, with the same rules as its ChunkAssembler plus caps that bound memory on a headset.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using Google.Protobuf;

namespace VRBridge.Protocol
{
    public sealed class ChunkAssembler
    {
        /// <summary>Largest data payload of one chunk (python: MAX_CHUNK_BYTES).</summary>
        public const int MaxChunkBytes = 1 << 20;
        /// <summary>Largest whole content message (python: MAX_MESSAGE_BYTES).</summary>
        public const int MaxMessageBytes = 32 << 20;

        sealed class Partial
        {
            public uint Count;
            public uint TotalBytes;
            public uint Crc32;
            public double Started;
            public long Received;
            public readonly Dictionary<uint, byte[]> Parts = new Dictionary<uint, byte[]>();
        }

        readonly Dictionary<string, Partial> m_Partials = new Dictionary<string, Partial>();
        readonly Func<double> m_Clock;

        public int MaxMessage { get; }
        public double StaleAfterSeconds { get; }
        /// <summary>At most this many messages may be half-received at once; the oldest is dropped.</summary>
        public int MaxPartials { get; }

        /// <param name="clock">Monotonic seconds; a Stopwatch by default (tests pass a fake).</param>
        public ChunkAssembler(int maxMessageBytes = MaxMessageBytes, double staleAfterSeconds = 60.0,
                              int maxPartials = 4, Func<double> clock = null)
        {
            MaxMessage = maxMessageBytes;
            StaleAfterSeconds = staleAfterSeconds;
            MaxPartials = Math.Max(1, maxPartials);
            if (clock == null)
            {
                var sw = Stopwatch.StartNew();
                clock = () => sw.Elapsed.TotalSeconds;
            }
            m_Clock = clock;
        }

        /// <summary>Messages whose first chunks arrived but not yet all of them.</summary>
        public int Pending { get { return m_Partials.Count; } }

        /// <summary>Adds one chunk. Returns the whole message when its last chunk arrives, else null.
        /// Throws <see cref="MessageException"/> (or <see cref="ProtocolVersionException"/>) for a chunk
        /// that cannot belong to a valid message; the partial message of that id is dropped.</summary>
        public ContentMessage Add(ContentChunk chunk)
        {
            Schema.Check(chunk.Header, "content chunk");
            DropStale();
            string cid = chunk.ContentId;
            if (string.IsNullOrEmpty(cid))
                throw new MessageException("content chunk without content_id; the sender must set it.");
            if (chunk.Count == 0 || chunk.Index >= chunk.Count)
            {
                m_Partials.Remove(cid);
                throw new MessageException(
                    "content chunk '" + cid + "' has index " + chunk.Index + " of count " + chunk.Count + ".");
            }
            if (chunk.TotalBytes > (uint)MaxMessage)
            {
                m_Partials.Remove(cid);
                throw new MessageException(
                    "content '" + cid + "' announces " + chunk.TotalBytes + " bytes, over the " +
                    MaxMessage + "-byte cap.");
            }
            if (chunk.Data.Length > MaxChunkBytes)
            {
                m_Partials.Remove(cid);
                throw new MessageException(
                    "content chunk '" + cid + "' carries " + chunk.Data.Length + " bytes, over the " +
                    MaxChunkBytes + "-byte chunk cap.");
            }

            Partial part;
            if (!m_Partials.TryGetValue(cid, out part))
            {
                EvictOldestIfFull();
                part = new Partial
                {
                    Count = chunk.Count,
                    TotalBytes = chunk.TotalBytes,
                    Crc32 = chunk.Crc32,
                    Started = m_Clock(),
                };
                m_Partials[cid] = part;
            }
            if (part.Count != chunk.Count || part.TotalBytes != chunk.TotalBytes || part.Crc32 != chunk.Crc32)
            {
                m_Partials.Remove(cid);
                throw new MessageException(
                    "content chunk '" + cid + "' disagrees with earlier chunks of the same id.");
            }

            byte[] previous;
            if (part.Parts.TryGetValue(chunk.Index, out previous))
                part.Received -= previous.Length; // a resent chunk replaces the earlier copy, as in Python
            byte[] data = chunk.Data.ToByteArray();
            part.Parts[chunk.Index] = data;
            part.Received += data.Length;
            if (part.Received > part.TotalBytes)
            {
                m_Partials.Remove(cid);
                throw new MessageException(
                    "content '" + cid + "' sent more data than the " + part.TotalBytes + " bytes it announced.");
            }
            if (part.Parts.Count < part.Count)
                return null;

            m_Partials.Remove(cid);
            var whole = new byte[part.Received];
            var crc = new Crc32();
            int offset = 0;
            for (uint i = 0; i < part.Count; i++)
            {
                byte[] piece = part.Parts[i];
                Buffer.BlockCopy(piece, 0, whole, offset, piece.Length);
                crc.Append(piece);
                offset += piece.Length;
            }
            if (whole.Length != part.TotalBytes || crc.Value != part.Crc32)
                throw new MessageException(
                    "content '" + cid + "' failed its length/CRC check after reassembly.");

            ContentMessage msg;
            try
            {
                msg = ContentMessage.Parser.ParseFrom(whole);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new MessageException(
                    "content '" + cid + "' is not a valid ContentMessage: " + e.Message, e);
            }
            Schema.Check(msg.Header, "content message");
            return msg;
        }

        void DropStale()
        {
            double now = m_Clock();
            List<string> stale = null;
            foreach (var kv in m_Partials)
            {
                if (now - kv.Value.Started > StaleAfterSeconds)
                {
                    if (stale == null) stale = new List<string>();
                    stale.Add(kv.Key);
                }
            }
            if (stale == null) return;
            foreach (var cid in stale) m_Partials.Remove(cid);
        }

        void EvictOldestIfFull()
        {
            if (m_Partials.Count < MaxPartials) return;
            string oldest = null;
            double oldestStart = double.MaxValue;
            foreach (var kv in m_Partials)
            {
                if (kv.Value.Started < oldestStart)
                {
                    oldest = kv.Key;
                    oldestStart = kv.Value.Started;
                }
            }
            if (oldest != null) m_Partials.Remove(oldest);
        }
    }
}
