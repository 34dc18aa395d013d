// The scene's feedback hub: a pseudonymous player id, the session, the FeedbackAggregator every collector
// reports into, and the flush of queued events to the feedback channel.
using System;
using UnityEngine;
using VRBridge.Logic;

namespace VRBridge
{
    [DefaultExecutionOrder(-90)]
    [DisallowMultipleComponent]
    [AddComponentMenu("VRBridge/Feedback Hub")]
    public sealed class FeedbackHub : MonoBehaviour
    {
        const string SaltKey = "vrbridge.player_salt";

        [SerializeField] BridgeChannels channels;
        [Tooltip("Seconds between flushes of queued events to the feedback channel.")]
        [SerializeField] float flushIntervalS = 0.5f;
        [Tooltip("Gaze dwell on the current content (seconds) that counts as having experienced it.")]
        [SerializeField] float experiencedDwellS = 8f;
        [Tooltip("Reported in session_start, e.g. 'Quest 3 via Link'. Empty: the XR device Unity loaded.")]
        [SerializeField] string deviceLabel = "";

        float m_NextFlush;

        public FeedbackAggregator Aggregator { get; private set; }
        public BridgeChannels Channels { get { return channels; } }
        /// <summary>Seconds on the scene clock since the session started.</summary>
        public double Now { get { return Aggregator.SessionTime; } }

        void Awake()
        {
            if (channels == null) channels = FindAnyObjectByType<BridgeChannels>();
            string salt = PlayerPrefs.GetString(SaltKey, "");
            if (string.IsNullOrEmpty(salt))
            {
                salt = PlayerIdentity.NewSalt();
                PlayerPrefs.SetString(SaltKey, salt);
                PlayerPrefs.Save();
            }
            string playerId = PlayerIdentity.Pseudonym(salt, SystemInfo.deviceUniqueIdentifier);
            Aggregator = new FeedbackAggregator(playerId, "", () => Time.realtimeSinceStartupAsDouble);
            Aggregator.ExperiencedDwellS = experiencedDwellS;
        }

        void Start()
        {
            Aggregator.StartSession(PlayerIdentity.NewSessionId(DateTime.UtcNow), Device(), Application.version);
        }

        void Update()
        {
            if (Time.unscaledTime < m_NextFlush) return;
            m_NextFlush = Time.unscaledTime + flushIntervalS;
            Flush();
        }

        /// <summary>Sends every queued event when a trainer is connected; otherwise they wait (bounded).</summary>
        public void Flush()
        {
            if (channels == null || !channels.Connected) return;
            Protocol.FeedbackBatch batch;
            while ((batch = Aggregator.TakeBatch()) != null)
                channels.Feedback.Send(batch);
        }

        /// <summary>Ends the session (the director ends its episode on this too).</summary>
        public void EndSession(string reason)
        {
            Aggregator.EndSession(reason);
            Flush();
        }

        void OnApplicationQuit()
        {
            EndSession("quit");
        }

        void OnDestroy()
        {
            if (Aggregator != null) EndSession("scene unloaded");
        }

        string Device()
        {
            if (!string.IsNullOrEmpty(deviceLabel)) return deviceLabel;
            string xr = UnityEngine.XR.XRSettings.loadedDeviceName;
            return string.IsNullOrEmpty(xr) ? SystemInfo.deviceModel : xr + " / " + SystemInfo.deviceModel;
        }
    }
}
