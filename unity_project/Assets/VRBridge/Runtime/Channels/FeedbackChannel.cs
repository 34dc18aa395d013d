// Unity -> Python: one FeedbackBatch per side-channel message, as raw protobuf bytes.
using Google.Protobuf;
using Unity.MLAgents.SideChannels;
using UnityEngine;
using Pb = VRBridge.Protocol;

namespace VRBridge
{
    public sealed class FeedbackChannel : SideChannel
    {
        public FeedbackChannel()
        {
            ChannelId = Pb.ChannelIds.Feedback;
        }

        /// <summary>Events queued for Python so far.</summary>
        public int EventsSent { get; private set; }

        public void Send(Pb.FeedbackBatch batch)
        {
            using (var msg = new OutgoingMessage())
            {
                msg.SetRawBytes(batch.ToByteArray());
                QueueMessageToSend(msg);
            }
            EventsSent += batch.Events.Count;
        }

        protected override void OnMessageReceived(IncomingMessage msg)
        {
            // One-way channel: Python never sends feedback to the scene.
            Debug.LogWarning("VRBridge: the feedback channel got " + msg.GetRawBytes().Length +
                             " bytes from Python; it is one-way (Unity -> Python). Ignored.");
        }
    }
}
