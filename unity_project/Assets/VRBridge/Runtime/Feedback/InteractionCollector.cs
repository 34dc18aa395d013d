// XR Interaction Toolkit 3.x hover / select / activate on one interactable, reported with how long each
// lasted (Interaction events). Add it next to any XRBaseInteractable (XRSimpleInteractable, XRGrabInteractable).
using UnityEngine;
using UnityEngine.XR.Interaction.Toolkit;
using UnityEngine.XR.Interaction.Toolkit.Interactables;
using Pb = VRBridge.Protocol;

namespace VRBridge
{
    [RequireComponent(typeof(XRBaseInteractable))]
    [AddComponentMenu("VRBridge/Interaction Collector")]
    public sealed class InteractionCollector : MonoBehaviour
    {
        [SerializeField] FeedbackHub hub;
        [SerializeField] bool reportHover = true;
        [Tooltip("Hovers shorter than this (a ray sweeping past) are not reported.")]
        [SerializeField] float minHoverS = 0.3f;

        XRBaseInteractable m_Interactable;
        double m_HoverStart = -1, m_SelectStart = -1, m_ActivateStart = -1;

        void Awake()
        {
            m_Interactable = GetComponent<XRBaseInteractable>();
            if (hub == null) hub = FindAnyObjectByType<FeedbackHub>();
        }

        void OnEnable()
        {
            m_Interactable.hoverEntered.AddListener(OnHoverEntered);
            m_Interactable.hoverExited.AddListener(OnHoverExited);
            m_Interactable.selectEntered.AddListener(OnSelectEntered);
            m_Interactable.selectExited.AddListener(OnSelectExited);
            m_Interactable.activated.AddListener(OnActivated);
            m_Interactable.deactivated.AddListener(OnDeactivated);
        }

        void OnDisable()
        {
            m_Interactable.hoverEntered.RemoveListener(OnHoverEntered);
            m_Interactable.hoverExited.RemoveListener(OnHoverExited);
            m_Interactable.selectEntered.RemoveListener(OnSelectEntered);
            m_Interactable.selectExited.RemoveListener(OnSelectExited);
            m_Interactable.activated.RemoveListener(OnActivated);
            m_Interactable.deactivated.RemoveListener(OnDeactivated);
        }

        double Now { get { return Time.realtimeSinceStartupAsDouble; } }

        void OnHoverEntered(HoverEnterEventArgs args)
        {
            if (m_HoverStart < 0) m_HoverStart = Now;
        }

        void OnHoverExited(HoverExitEventArgs args)
        {
            if (m_Interactable.isHovered || m_HoverStart < 0) return; // another interactor still hovers
            float held = (float)(Now - m_HoverStart);
            m_HoverStart = -1;
            if (reportHover && held >= minHoverS) Report(Pb.InteractionKind.Hover, held);
        }

        void OnSelectEntered(SelectEnterEventArgs args)
        {
            if (m_SelectStart < 0) m_SelectStart = Now;
        }

        void OnSelectExited(SelectExitEventArgs args)
        {
            if (m_Interactable.isSelected || m_SelectStart < 0) return;
            float held = (float)(Now - m_SelectStart);
            m_SelectStart = -1;
            Report(Pb.InteractionKind.Select, held);
        }

        void OnActivated(ActivateEventArgs args)
        {
            m_ActivateStart = Now;
        }

        void OnDeactivated(DeactivateEventArgs args)
        {
            if (m_ActivateStart < 0) return;
            float held = (float)(Now - m_ActivateStart);
            m_ActivateStart = -1;
            Report(Pb.InteractionKind.Activate, held);
        }

        void Report(Pb.InteractionKind kind, float durationS)
        {
            if (hub == null || hub.Aggregator == null) return;
            string contentId;
            string element = ContentElement.IdOf(this, out contentId);
            hub.Aggregator.Interaction(element, kind, durationS, contentId);
        }
    }
}
