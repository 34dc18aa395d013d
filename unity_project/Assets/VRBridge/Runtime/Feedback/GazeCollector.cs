// Gaze dwell per content element: a ray from the eyes where the device and player allow eye tracking
// (OpenXR eye-gaze interaction profile), else from the head. Reports one event per look, never a stream.
using System.Collections.Generic;
using UnityEngine;
using UnityEngine.InputSystem;
using VRBridge.Logic;
using Pb = VRBridge.Protocol;

namespace VRBridge
{
    [AddComponentMenu("VRBridge/Gaze Collector")]
    public sealed class GazeCollector : MonoBehaviour
    {
        [SerializeField] FeedbackHub hub;
        [Tooltip("The head camera; the main camera when empty.")]
        [SerializeField] Camera head;
        [SerializeField] float maxDistanceM = 25f;
        [SerializeField] LayerMask layers = ~0;
        [SerializeField] float samplesPerSecond = 30f;
        [Tooltip("Use OpenXR eye gaze when the device reports it tracked (needs the Eye Gaze Interaction " +
                 "profile and, on Quest, the eye-tracking permission).")]
        [SerializeField] bool useEyeGaze = true;
        [SerializeField] float minDwellS = 0.25f;

        readonly GazeDwellTracker m_Tracker = new GazeDwellTracker();
        readonly List<DwellEvent> m_Finished = new List<DwellEvent>();
        InputAction m_EyePosition, m_EyeRotation, m_EyeTracked;
        float m_NextSample;

        void Awake()
        {
            if (hub == null) hub = FindAnyObjectByType<FeedbackHub>();
            m_Tracker.MinDwellS = minDwellS;
        }

        void OnEnable()
        {
            if (!useEyeGaze) return;
            m_EyePosition = new InputAction("EyeGazePosition", InputActionType.Value, "<EyeGaze>/pose/position", expectedControlType: "Vector3");
            m_EyeRotation = new InputAction("EyeGazeRotation", InputActionType.Value, "<EyeGaze>/pose/rotation", expectedControlType: "Quaternion");
            m_EyeTracked = new InputAction("EyeGazeTracked", InputActionType.Button, "<EyeGaze>/pose/isTracked");
            m_EyePosition.Enable();
            m_EyeRotation.Enable();
            m_EyeTracked.Enable();
        }

        void OnDisable()
        {
            m_Tracker.Flush(m_Finished);
            Report();
            if (m_EyePosition == null) return;
            m_EyePosition.Dispose();
            m_EyeRotation.Dispose();
            m_EyeTracked.Dispose();
            m_EyePosition = m_EyeRotation = m_EyeTracked = null;
        }

        void Update()
        {
            if (hub == null || hub.Aggregator == null) return;
            if (Time.unscaledTime < m_NextSample) return;
            m_NextSample = Time.unscaledTime + 1f / Mathf.Max(1f, samplesPerSecond);
            Camera cam = head != null ? head : Camera.main;
            if (cam == null) return;

            Ray ray;
            Pb.GazeSource source;
            if (EyeTracked())
            {
                // Eye pose is in tracking space, like the camera's local pose: use the camera's parent.
                Transform space = cam.transform.parent;
                Vector3 pos = m_EyePosition.ReadValue<Vector3>();
                Quaternion rot = m_EyeRotation.ReadValue<Quaternion>();
                if (space != null)
                {
                    pos = space.TransformPoint(pos);
                    rot = space.rotation * rot;
                }
                ray = new Ray(pos, rot * Vector3.forward);
                source = Pb.GazeSource.Eye;
            }
            else
            {
                ray = new Ray(cam.transform.position, cam.transform.forward);
                source = Pb.GazeSource.Head;
            }

            string element = null, content = null;
            RaycastHit hit;
            if (Physics.Raycast(ray, out hit, maxDistanceM, layers, QueryTriggerInteraction.Collide))
            {
                var el = hit.collider.GetComponentInParent<ContentElement>();
                if (el != null && !string.IsNullOrEmpty(el.ElementId))
                {
                    element = el.ElementId;
                    content = el.ContentId;
                }
            }
            m_Tracker.Sample(Time.realtimeSinceStartupAsDouble, element, content, source, m_Finished);
            Report();
        }

        bool EyeTracked()
        {
            return m_EyeTracked != null && m_EyeTracked.ReadValue<float>() > 0.5f;
        }

        void Report()
        {
            if (m_Finished.Count == 0) return;
            if (hub != null && hub.Aggregator != null)
            {
                foreach (DwellEvent d in m_Finished)
                    hub.Aggregator.GazeDwell(d.ElementId, d.DwellS, d.Source, d.ContentId);
            }
            m_Finished.Clear();
        }
    }
}
