// Locomotion pace: the head's horizontal distance, mean speed and turn rate per window, whether the
// player walks physically or moves the XR Origin with a locomotion provider.
using UnityEngine;
using VRBridge.Logic;

namespace VRBridge
{
    [AddComponentMenu("VRBridge/Locomotion Collector")]
    public sealed class LocomotionCollector : MonoBehaviour
    {
        [SerializeField] FeedbackHub hub;
        [Tooltip("The head; the main camera when empty.")]
        [SerializeField] Transform head;
        [SerializeField] float windowS = 5f;
        [Tooltip("Moves longer than this between two frames are teleports and do not count.")]
        [SerializeField] float maxStepM = 1.5f;

        LocomotionWindow m_Window;

        void Awake()
        {
            if (hub == null) hub = FindAnyObjectByType<FeedbackHub>();
            m_Window = new LocomotionWindow(windowS, maxStepM);
        }

        void Update()
        {
            Transform t = head;
            if (t == null)
            {
                Camera cam = Camera.main;
                if (cam == null) return;
                t = cam.transform;
            }
            Vector3 p = t.position;
            LocomotionSample sample;
            if (m_Window.Add(Time.realtimeSinceStartupAsDouble, p.x, p.z, t.eulerAngles.y, out sample) &&
                hub != null && hub.Aggregator != null)
            {
                hub.Aggregator.Locomotion(sample);
            }
        }
    }
}
