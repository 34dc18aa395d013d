// When the director asks for a decision: as soon as the player has experienced the current content
// (reason 1), and otherwise at a regular cadence (reason 0) so that side channels keep flowing; ML-Agents
// only exchanges side-channel messages with Python on steps where some agent requests a decision.
namespace VRBridge.Logic
{
    public sealed class DecisionSchedule
    {
        /// <summary>Scene seconds between cadence decisions.</summary>
        public double CadenceS;
        double m_Last = double.NegativeInfinity;

        public DecisionSchedule(double cadenceS = 1.0)
        {
            CadenceS = cadenceS;
        }

        /// <summary>The decision reason due at <paramref name="now"/>, or -1 when none is due.
        /// Either reason restarts the cadence.</summary>
        public int Due(double now, bool experienced)
        {
            if (experienced)
            {
                m_Last = now;
                return DirectorSpec.ReasonExperienced;
            }
            if (now - m_Last >= CadenceS)
            {
                m_Last = now;
                return DirectorSpec.ReasonCadence;
            }
            return -1;
        }

        public void Reset()
        {
            m_Last = double.NegativeInfinity;
        }
    }
}
