// The content director: one ML-Agents agent per player (behaviour "ContentDirector"). It observes the
// 8-float feedback summary and receives the 8 continuous actions Python's policy chose (docs/ARCHITECTURE.md,
// "The director agent"). Reward is 0 from the scene; Python computes it from feedback. An episode is one
// player session. Decisions come from ContentDecisionRequester (content experienced, or cadence).
using System;
using Unity.MLAgents;
using Unity.MLAgents.Actuators;
using Unity.MLAgents.Sensors;
using UnityEngine;
using VRBridge.Logic;

namespace VRBridge
{
    [AddComponentMenu("VRBridge/Content Director Agent")]
    public sealed class ContentDirectorAgent : Agent
    {
        [SerializeField] FeedbackHub hub;
        [Header("Heuristic (play without Python)")]
        [Tooltip("Seed of the heuristic's hill climb over the action space.")]
        [SerializeField] int heuristicSeed = 1;
        [Tooltip("Step size of the heuristic's proposals around the best point so far.")]
        [SerializeField] float heuristicStep = 0.35f;

        readonly float[] m_Obs = new float[DirectorSpec.ObservationSize];
        readonly float[] m_Action = new float[DirectorSpec.ActionSize];
        readonly float[] m_Best = new float[DirectorSpec.ActionSize];
        float m_BestRating = -1f;
        System.Random m_Rng;
        int m_PendingReason = DirectorSpec.ReasonCadence;
        int m_DecisionReason = DirectorSpec.ReasonCadence;

        public FeedbackHub Feedback { get { return hub; } }
        /// <summary>The reason the next decision is requested for (set by ContentDecisionRequester).</summary>
        public int PendingReason { get { return m_PendingReason; } set { m_PendingReason = value; } }
        /// <summary>The latest action, in [-1, 1]^8.</summary>
        public float[] LastAction { get { return (float[])m_Action.Clone(); } }

        /// <summary>Raised after every decision: (action in [-1, 1]^8, decision reason).</summary>
        public event Action<float[], int> ActionChosen;

        public override void Initialize()
        {
            if (hub == null) hub = FindAnyObjectByType<FeedbackHub>();
            MaxStep = 0; // an episode is a whole player session
            m_Rng = new System.Random(heuristicSeed);
        }

        public override void OnEpisodeBegin()
        {
            m_BestRating = -1f;
            Array.Clear(m_Best, 0, m_Best.Length);
        }

        public override void CollectObservations(VectorSensor sensor)
        {
            m_DecisionReason = m_PendingReason;
            m_PendingReason = DirectorSpec.ReasonCadence;
            if (hub != null && hub.Aggregator != null)
                hub.Aggregator.Observation(m_Obs, m_DecisionReason);
            else
                Array.Clear(m_Obs, 0, m_Obs.Length);
            sensor.AddObservation(m_Obs);
        }

        public override void OnActionReceived(ActionBuffers actions)
        {
            var continuous = actions.ContinuousActions;
            int n = Math.Min(continuous.Length, m_Action.Length);
            for (int i = 0; i < n; i++) m_Action[i] = Mathf.Clamp(continuous[i], -1f, 1f);
            // Reward stays 0: the Python side computes it from the feedback channel.
            if (ActionChosen != null) ActionChosen((float[])m_Action.Clone(), m_DecisionReason);
        }

        /// <summary>Without Python: a hill climb on the player's ratings. After each experienced content,
        /// keep the best-rated point and propose a nearby one; between, repeat the current point.</summary>
        public override void Heuristic(in ActionBuffers actionsOut)
        {
            var outActions = actionsOut.ContinuousActions;
            if (m_Rng == null) m_Rng = new System.Random(heuristicSeed);
            if (m_DecisionReason == DirectorSpec.ReasonExperienced)
            {
                float rating = m_Obs[DirectorSpec.ObsLastRating01];
                if (rating >= m_BestRating)
                {
                    m_BestRating = rating;
                    Array.Copy(m_Action, m_Best, m_Best.Length);
                }
                for (int i = 0; i < m_Action.Length; i++)
                    m_Action[i] = Mathf.Clamp(m_Best[i] + heuristicStep * Gaussian(), -1f, 1f);
            }
            int n = Math.Min(outActions.Length, m_Action.Length);
            for (int i = 0; i < n; i++) outActions[i] = m_Action[i];
        }

        /// <summary>Ends the agent's episode with the player's session.</summary>
        public void EndSession(string reason)
        {
            if (hub != null) hub.EndSession(reason);
            EndEpisode();
        }

        float Gaussian()
        {
            double u1 = 1.0 - m_Rng.NextDouble(), u2 = m_Rng.NextDouble();
            return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }
    }
}
