// Decision requests for the content director: when the player has experienced the current content
// (rated it, or dwelt long enough: reason 1), and at a regular cadence otherwise (reason 0) so that side
// channels keep flowing. Hooks ML-Agents' DecisionRequester, which calls it on every Academy step.
using Unity.MLAgents;
using UnityEngine;
using VRBridge.Logic;

namespace VRBridge
{
    [RequireComponent(typeof(ContentDirectorAgent))]
    [AddComponentMenu("VRBridge/Content Decision Requester")]
    public sealed class ContentDecisionRequester : DecisionRequester
    {
        [Tooltip("Real-time seconds between cadence decisions.")]
        [SerializeField] float cadenceS = 1f;

        readonly DecisionSchedule m_Schedule = new DecisionSchedule();
        ContentDirectorAgent m_Director;

        protected override bool ShouldRequestDecision(DecisionRequestContext context)
        {
            if (m_Director == null) m_Director = GetComponent<ContentDirectorAgent>();
            FeedbackHub hub = m_Director.Feedback;
            if (hub == null || hub.Aggregator == null) return false;
            m_Schedule.CadenceS = cadenceS;
            int reason = m_Schedule.Due(Time.realtimeSinceStartupAsDouble, hub.Aggregator.Experienced);
            if (reason < 0) return false;
            if (reason == DirectorSpec.ReasonExperienced) hub.Aggregator.ConsumeExperienced();
            m_Director.PendingReason = reason;
            return true;
        }

        protected override bool ShouldRequestAction(DecisionRequestContext context)
        {
            return false; // actions matter only at decisions; nothing to repeat in between
        }
    }
}
