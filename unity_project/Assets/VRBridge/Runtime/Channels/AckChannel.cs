// Unity -> Python: one ContentAck (applied, or rejected with the reason) per side-channel message.
using Google.Protobuf;
using Unity.MLAgents.SideChannels;
using UnityEngine;
using Pb = VRBridge.Protocol;

namespace VRBridge
{
    public sealed class AckChannel : SideChannel
    {
        public AckChannel()
        {
            ChannelId = Pb.ChannelIds.Ack;
        }

        public int AcksSent { get; private set; }

        public void Send(Pb.ContentAck ack)
        {
            using (var msg = new OutgoingMessage())
            {
                msg.SetRawBytes(ack.ToByteArray());
                QueueMessageToSend(msg);
            }
            AcksSent++;
        }

        protected override void OnMessageReceived(IncomingMessage msg)
        {
            Debug.LogWarning("VRBridge: the ack channel got " + msg.GetRawBytes().Length +
                             " bytes from Python; it is one-way (Unity -> Python). Ignored.");
        }
    }
}
