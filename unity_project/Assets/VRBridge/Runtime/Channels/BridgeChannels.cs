// Owns and registers the three vrbridge side channels for the lifetime of the scene. One per scene:
// ML-Agents refuses a second channel with the same id.
using Unity.MLAgents;
using Unity.MLAgents.SideChannels;
using UnityEngine;

namespace VRBridge
{
    [DefaultExecutionOrder(-100)]
    [DisallowMultipleComponent]
    [AddComponentMenu("VRBridge/Bridge Channels")]
    public sealed class BridgeChannels : MonoBehaviour
    {
        public FeedbackChannel Feedback { get; private set; }
        public ContentChannel Content { get; private set; }
        public AckChannel Acks { get; private set; }

        bool m_Registered;

        /// <summary>True when a trainer (vrbridge train) is connected, so queued messages will be read.</summary>
        public bool Connected
        {
            get { return Academy.IsInitialized && Academy.Instance.IsCommunicatorOn; }
        }

        void Awake()
        {
            Feedback = new FeedbackChannel();
            Content = new ContentChannel();
            Acks = new AckChannel();
        }

        void OnEnable()
        {
            if (m_Registered) return;
            SideChannelManager.RegisterSideChannel(Feedback);
            SideChannelManager.RegisterSideChannel(Content);
            SideChannelManager.RegisterSideChannel(Acks);
            m_Registered = true;
        }

        void OnDisable()
        {
            if (!m_Registered) return;
            SideChannelManager.UnregisterSideChannel(Feedback);
            SideChannelManager.UnregisterSideChannel(Content);
            SideChannelManager.UnregisterSideChannel(Acks);
            m_Registered = false;
        }
    }
}
