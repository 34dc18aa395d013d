// Locomotion pace from head (or rig) positions: distance, mean speed and turn rate over fixed windows.
// Jumps longer than a step (teleports, recentering) are left out of the distance.
using System;

namespace VRBridge.Logic
{
    public struct LocomotionSample
    {
        public float SpeedMps;
        public float DistanceM;
        public float TurnRateDps;
        public float WindowS;
    }

    public sealed class LocomotionWindow
    {
        public float WindowS;
        /// <summary>Horizontal movement between two samples above this is a teleport, not walking.</summary>
        public float MaxStepM;

        bool m_Started;
        double m_WindowStart;
        float m_LastX, m_LastZ, m_LastYaw;
        double m_Distance, m_Turn;

        public LocomotionWindow(float windowS = 5f, float maxStepM = 1.5f)
        {
            WindowS = windowS;
            MaxStepM = maxStepM;
        }

        /// <summary>Adds a position (metres, horizontal plane) and yaw (degrees) at time <paramref name="t"/>
        /// (seconds). Returns true and fills <paramref name="sample"/> when a window completes.</summary>
        public bool Add(double t, float x, float z, float yawDeg, out LocomotionSample sample)
        {
            sample = default(LocomotionSample);
            if (!m_Started)
            {
                m_Started = true;
                m_WindowStart = t;
                Remember(x, z, yawDeg);
                return false;
            }
            double dx = x - m_LastX, dz = z - m_LastZ;
            double step = Math.Sqrt(dx * dx + dz * dz);
            if (step <= MaxStepM) m_Distance += step;
            double dyaw = yawDeg - m_LastYaw;
            dyaw = ((dyaw % 360.0) + 540.0) % 360.0 - 180.0; // wrap to [-180, 180)
            m_Turn += Math.Abs(dyaw);
            Remember(x, z, yawDeg);

            double window = t - m_WindowStart;
            if (window < WindowS || window <= 0) return false;
            sample = new LocomotionSample
            {
                SpeedMps = (float)(m_Distance / window),
                DistanceM = (float)m_Distance,
                TurnRateDps = (float)(m_Turn / window),
                WindowS = (float)window,
            };
            m_WindowStart = t;
            m_Distance = 0;
            m_Turn = 0;
            return true;
        }

        void Remember(float x, float z, float yaw)
        {
            m_LastX = x;
            m_LastZ = z;
            m_LastYaw = yaw;
        }
    }
}
