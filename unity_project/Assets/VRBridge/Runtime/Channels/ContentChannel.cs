// Python -> Unity: ContentChunks, reassembled into ContentMessages (Protocol/ContentReceiver.cs does the
// work). Bad chunks are reported with a reason so the router can answer with a REJECTED ack.
using System;
using Unity.MLAgents.SideChannels;
using Pb = VRBridge.Protocol;

namespace VRBridge
{
    public sealed class ContentChannel : SideChannel
    {
        readonly Pb.ContentReceiver m_Receiver = new Pb.ContentReceiver();

        /// <summary>A whole content message arrived.</summary>
        public event Action<Pb.ContentMessage> Received;
        /// <summary>Bytes were refused: (content id or "", reason).</summary>
        public event Action<string, string> Rejected;
        /// <summary>A chunk of a still incomplete message arrived (content id).</summary>
        public event Action<string> ChunkArrived;

        public ContentChannel()
        {
            ChannelId = Pb.ChannelIds.Content;
        }

        /// <summary>Messages whose chunks are still arriving.</summary>
        public int Pending { get { return m_Receiver.Pending; } }

        protected override void OnMessageReceived(IncomingMessage msg)
        {
            Pb.ReceiveResult result = m_Receiver.Receive(msg.GetRawBytes());
            switch (result.Status)
            {
                case Pb.ReceiveStatus.Partial:
                    if (ChunkArrived != null) ChunkArrived(result.ContentId);
                    break;
                case Pb.ReceiveStatus.Complete:
                    if (Received != null) Received(result.Message);
                    break;
                default:
                    if (Rejected != null) Rejected(result.ContentId, result.Reason);
                    break;
            }
        }
    }
}
