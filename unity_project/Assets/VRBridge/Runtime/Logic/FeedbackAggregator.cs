// Feedback from the headset, two ways: wire events queued for the feedback channel (FeedbackBatch), and
// the director's 8-float observation summarising everything since the last applied content. The same
// summary as python_bridge/unity/stand_in/scene.py computes for its simulated players.
using System;
using System.Collections.Generic;
using VRBridge.Protocol;

namespace VRBridge.Logic
{
    public sealed class FeedbackAggregator
    {
        readonly Func<double> m_Clock;
        readonly List<FeedbackEvent> m_Queue = new List<FeedbackEvent>();
        double m_SessionStart;
        bool m_SessionOpen;

        // Since the last applied content (the observation):
        double m_AppliedAt;
        bool m_HasContent;
        double m_DwellS;
        float m_LastRating01 = -1f;
        int m_Interactions;
        float m_Discomfort;
        double m_SpeedSum;
        int m_SpeedN;
        bool m_Rated;
        bool m_ExperiencedConsumed;

        public string PlayerId { get; private set; }
        public string SessionId { get; private set; }
        /// <summary>The content applied last; events about "the content" carry this id.</summary>
        public string CurrentContentId { get; private set; }
        /// <summary>Set while a content message is being received or applied.</summary>
        public bool ContentPending { get; set; }
        /// <summary>Gaze dwell (seconds, summed over elements) that counts as having experienced the content.</summary>
        public double ExperiencedDwellS = 8.0;
        /// <summary>Queued events beyond this are dropped oldest-first (no Python connected, say).</summary>
        public int MaxQueuedEvents = 4096;
        /// <summary>Events dropped: the queue overflowed, or a number was not finite.</summary>
        public int Dropped { get; private set; }

        /// <param name="clock">Monotonic seconds (Time.realtimeSinceStartupAsDouble in the scene).</param>
        public FeedbackAggregator(string playerId, string sessionId, Func<double> clock)
        {
            PlayerId = playerId ?? "";
            SessionId = sessionId ?? "";
            CurrentContentId = "";
            m_Clock = clock;
            m_SessionStart = clock();
        }

        public int QueuedEvents { get { return m_Queue.Count; } }

        /// <summary>Seconds on the scene clock since the session started (FeedbackEvent.timestamp_s).</summary>
        public double SessionTime { get { return m_Clock() - m_SessionStart; } }

        // ---------------------------------------------------------------- session

        public void StartSession(string sessionId, string device, string appVersion)
        {
            SessionId = sessionId ?? "";
            m_SessionStart = m_Clock();
            m_SessionOpen = true;
            var e = NewEvent("");
            e.SessionStart = new SessionStart { Device = device ?? "", AppVersion = appVersion ?? "" };
            Enqueue(e);
        }

        public void EndSession(string reason)
        {
            if (!m_SessionOpen) return;
            m_SessionOpen = false;
            var e = NewEvent("");
            e.SessionEnd = new SessionEnd { Reason = reason ?? "", DurationS = (float)SessionTime };
            Enqueue(e);
        }

        // ---------------------------------------------------------------- content

        /// <summary>The scene finished applying <paramref name="contentId"/>: the observation starts over.</summary>
        public void ContentApplied(string contentId)
        {
            CurrentContentId = contentId ?? "";
            m_HasContent = true;
            m_AppliedAt = m_Clock();
            m_DwellS = 0;
            m_LastRating01 = -1f;
            m_Interactions = 0;
            m_Discomfort = 0f;
            m_SpeedSum = 0;
            m_SpeedN = 0;
            m_Rated = false;
            m_ExperiencedConsumed = false;
        }

        // ---------------------------------------------------------------- events

        /// <param name="contentId">The content the element belongs to; null means the current content.</param>
        public void GazeDwell(string elementId, float dwellS, GazeSource source, string contentId = null)
        {
            if (!Finite(dwellS) || dwellS < 0) { Dropped++; return; }
            var e = NewEvent(contentId ?? CurrentContentId);
            e.GazeDwell = new GazeDwell { ElementId = elementId ?? "", DwellS = dwellS, Source = source };
            Enqueue(e);
            m_DwellS += dwellS;
        }

        /// <summary>A rating on the scale [min, max]; the observation holds it mapped to [0, 1].</summary>
        public void Rating(float value, float scaleMin, float scaleMax)
        {
            if (!Finite(value) || !Finite(scaleMin) || !Finite(scaleMax) || !(scaleMax > scaleMin)) { Dropped++; return; }
            if (value < scaleMin) value = scaleMin;
            if (value > scaleMax) value = scaleMax;
            var e = NewEvent(CurrentContentId);
            e.Rating = new Rating { Value = value, ScaleMin = scaleMin, ScaleMax = scaleMax };
            Enqueue(e);
            m_LastRating01 = (value - scaleMin) / (scaleMax - scaleMin);
            m_Rated = true;
        }

        public void Interaction(string elementId, InteractionKind kind, float durationS, string contentId = null)
        {
            if (!Finite(durationS) || durationS < 0) { Dropped++; return; }
            var e = NewEvent(contentId ?? CurrentContentId);
            e.Interaction = new Interaction { ElementId = elementId ?? "", Kind = kind, DurationS = durationS };
            Enqueue(e);
            m_Interactions++;
        }

        /// <param name="discomfort">0 = fine .. 1 = must stop.</param>
        public void Comfort(float discomfort, string reason)
        {
            if (!Finite(discomfort)) { Dropped++; return; }
            if (discomfort < 0f) discomfort = 0f;
            if (discomfort > 1f) discomfort = 1f;
            var e = NewEvent(CurrentContentId);
            e.Comfort = new ComfortReport { Discomfort = discomfort, Reason = reason ?? "" };
            Enqueue(e);
            if (discomfort > m_Discomfort) m_Discomfort = discomfort;
        }

        public void Locomotion(LocomotionSample s)
        {
            if (!Finite(s.SpeedMps) || !Finite(s.DistanceM) || !Finite(s.TurnRateDps) || !Finite(s.WindowS)) { Dropped++; return; }
            var e = NewEvent(CurrentContentId);
            e.Locomotion = new Locomotion
            {
                SpeedMps = s.SpeedMps,
                DistanceM = s.DistanceM,
                TurnRateDps = s.TurnRateDps,
                WindowS = s.WindowS,
            };
            Enqueue(e);
            m_SpeedSum += s.SpeedMps;
            m_SpeedN++;
        }

        // ---------------------------------------------------------------- the director's view

        /// <summary>True once the player has rated the current content or dwelt on it for
        /// <see cref="ExperiencedDwellS"/>, until <see cref="ConsumeExperienced"/> is called.</summary>
        public bool Experienced
        {
            get { return m_HasContent && !m_ExperiencedConsumed && (m_Rated || m_DwellS >= ExperiencedDwellS); }
        }

        /// <summary>Marks the current content's experience as reported (one reason-1 decision per content).</summary>
        public void ConsumeExperienced()
        {
            m_ExperiencedConsumed = true;
        }

        /// <summary>Writes the 8-float observation (layout in <see cref="DirectorSpec"/>) into
        /// <paramref name="obs"/>.</summary>
        public void Observation(float[] obs, int decisionReason)
        {
            obs[DirectorSpec.ObsSecondsSinceContentApplied] = m_HasContent ? (float)(m_Clock() - m_AppliedAt) : 0f;
            obs[DirectorSpec.ObsGazeDwellTotalS] = (float)m_DwellS;
            obs[DirectorSpec.ObsLastRating01] = m_LastRating01;
            obs[DirectorSpec.ObsInteractionCount] = m_Interactions;
            obs[DirectorSpec.ObsDiscomfortMax01] = m_Discomfort;
            obs[DirectorSpec.ObsMeanSpeedMps] = m_SpeedN > 0 ? (float)(m_SpeedSum / m_SpeedN) : 0f;
            obs[DirectorSpec.ObsContentPending] = ContentPending || !m_HasContent ? 1f : 0f;
            obs[DirectorSpec.ObsDecisionReason] = decisionReason;
        }

        public float[] Observation(int decisionReason)
        {
            var obs = new float[DirectorSpec.ObservationSize];
            Observation(obs, decisionReason);
            return obs;
        }

        // ---------------------------------------------------------------- the wire

        /// <summary>The next batch for the feedback channel, or null when nothing is queued.</summary>
        public FeedbackBatch TakeBatch(int maxBytes = FeedbackBatches.MaxBatchBytes)
        {
            if (m_Queue.Count == 0) return null;
            return FeedbackBatches.Take(m_Queue, maxBytes);
        }

        /// <summary>Forgets queued events (no trainer will ever read them).</summary>
        public void ClearQueue()
        {
            m_Queue.Clear();
        }

        FeedbackEvent NewEvent(string contentId)
        {
            return new FeedbackEvent
            {
                PlayerId = PlayerId,
                SessionId = SessionId,
                TimestampS = SessionTime,
                ContentId = contentId ?? "",
            };
        }

        void Enqueue(FeedbackEvent e)
        {
            if (m_Queue.Count >= MaxQueuedEvents)
            {
                m_Queue.RemoveAt(0);
                Dropped++;
            }
            m_Queue.Add(e);
        }

        static bool Finite(float v)
        {
            return !float.IsNaN(v) && !float.IsInfinity(v);
        }
    }
}
