// A comfort report from a fixed menu ("motion", "height", ...): pressing a world-space button (any XRI
// interactable) or a bound key sends ComfortReport{discomfort, reason}.
using UnityEngine;
using UnityEngine.InputSystem;
using UnityEngine.XR.Interaction.Toolkit;
using UnityEngine.XR.Interaction.Toolkit.Interactables;

namespace VRBridge
{
    [AddComponentMenu("VRBridge/Comfort Report Button")]
    public sealed class ComfortReportButton : MonoBehaviour
    {
        /// <summary>The reasons a player can pick; free text never leaves the headset.</summary>
        public static readonly string[] Reasons = { "fine", "motion", "height", "brightness", "crowding", "other" };

        [SerializeField] FeedbackHub hub;
        [Range(0f, 1f)]
        [Tooltip("0 = fine .. 1 = must stop.")]
        [SerializeField] float discomfort = 0.5f;
        [Tooltip("One of ComfortReportButton.Reasons.")]
        [SerializeField] string reason = "motion";
        [Tooltip("Pressing (selecting) this interactable sends the report; empty = this object's.")]
        [SerializeField] XRBaseInteractable button;
        [Tooltip("Optional Input System binding that also sends it, e.g. <Keyboard>/f2.")]
        [SerializeField] string binding = "";
        [SerializeField] float cooldownS = 1f;

        InputAction m_Action;
        float m_LastReport = -100f;

        public float Discomfort { get { return discomfort; } }
        public string Reason { get { return reason; } }

        public void Configure(float discomfortLevel, string reasonFromMenu, string inputBinding)
        {
            discomfort = Mathf.Clamp01(discomfortLevel);
            reason = System.Array.IndexOf(Reasons, reasonFromMenu) >= 0 ? reasonFromMenu : "other";
            binding = inputBinding ?? "";
        }

        void Awake()
        {
            if (hub == null) hub = FindAnyObjectByType<FeedbackHub>();
            if (button == null) button = GetComponent<XRBaseInteractable>();
        }

        void OnEnable()
        {
            if (button != null) button.selectEntered.AddListener(OnSelected);
            if (!string.IsNullOrEmpty(binding))
            {
                m_Action = new InputAction("ComfortReport", InputActionType.Button, binding);
                m_Action.performed += OnPerformed;
                m_Action.Enable();
            }
        }

        void OnDisable()
        {
            if (button != null) button.selectEntered.RemoveListener(OnSelected);
            if (m_Action != null)
            {
                m_Action.performed -= OnPerformed;
                m_Action.Dispose();
                m_Action = null;
            }
        }

        void OnSelected(SelectEnterEventArgs args)
        {
            Report();
        }

        void OnPerformed(InputAction.CallbackContext ctx)
        {
            Report();
        }

        public void Report()
        {
            if (Time.unscaledTime - m_LastReport < cooldownS) return;
            m_LastReport = Time.unscaledTime;
            if (hub != null && hub.Aggregator != null) hub.Aggregator.Comfort(discomfort, reason);
        }
    }
}
