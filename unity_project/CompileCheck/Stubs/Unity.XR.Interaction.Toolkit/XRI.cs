// Compile-only stub of com.unity.xr.interaction.toolkit 3.x (assembly Unity.XR.Interaction.Toolkit):
// namespaces as reorganised in 3.0 (Interactables, Interactors), events as in
// Runtime/Interaction/XRInteractionEvents.cs, XRBaseInteractable as in Interactables/XRBaseInteractable.cs.
using System;
using UnityEngine;
using UnityEngine.Events;
using UnityEngine.XR.Interaction.Toolkit.Interactables;
using UnityEngine.XR.Interaction.Toolkit.Interactors;

namespace UnityEngine.XR.Interaction.Toolkit
{
    public partial class XRInteractionManager : MonoBehaviour { }

    public abstract partial class BaseInteractionEventArgs
    {
        public IXRInteractor interactorObject { get { throw null; } set { } }
        public IXRInteractable interactableObject { get { throw null; } set { } }
    }

    [Serializable] public sealed class HoverEnterEvent : UnityEvent<HoverEnterEventArgs> { }
    public class HoverEnterEventArgs : BaseInteractionEventArgs
    {
        public new IXRHoverInteractor interactorObject { get { throw null; } set { } }
        public new IXRHoverInteractable interactableObject { get { throw null; } set { } }
        public XRInteractionManager manager { get { throw null; } set { } }
    }

    [Serializable] public sealed class HoverExitEvent : UnityEvent<HoverExitEventArgs> { }
    public class HoverExitEventArgs : BaseInteractionEventArgs
    {
        public new IXRHoverInteractor interactorObject { get { throw null; } set { } }
        public new IXRHoverInteractable interactableObject { get { throw null; } set { } }
        public XRInteractionManager manager { get { throw null; } set { } }
        public bool isCanceled { get { throw null; } set { } }
    }

    [Serializable] public sealed class SelectEnterEvent : UnityEvent<SelectEnterEventArgs> { }
    public class SelectEnterEventArgs : BaseInteractionEventArgs
    {
        public new IXRSelectInteractor interactorObject { get { throw null; } set { } }
        public new IXRSelectInteractable interactableObject { get { throw null; } set { } }
        public XRInteractionManager manager { get { throw null; } set { } }
    }

    [Serializable] public sealed class SelectExitEvent : UnityEvent<SelectExitEventArgs> { }
    public class SelectExitEventArgs : BaseInteractionEventArgs
    {
        public new IXRSelectInteractor interactorObject { get { throw null; } set { } }
        public new IXRSelectInteractable interactableObject { get { throw null; } set { } }
        public XRInteractionManager manager { get { throw null; } set { } }
        public bool isCanceled { get { throw null; } set { } }
    }

    [Serializable] public sealed class ActivateEvent : UnityEvent<ActivateEventArgs> { }
    public class ActivateEventArgs : BaseInteractionEventArgs
    {
        public new IXRActivateInteractor interactorObject { get { throw null; } set { } }
        public new IXRActivateInteractable interactableObject { get { throw null; } set { } }
    }

    [Serializable] public sealed class DeactivateEvent : UnityEvent<DeactivateEventArgs> { }
    public class DeactivateEventArgs : BaseInteractionEventArgs
    {
        public new IXRActivateInteractor interactorObject { get { throw null; } set { } }
        public new IXRActivateInteractable interactableObject { get { throw null; } set { } }
    }
}

namespace UnityEngine.XR.Interaction.Toolkit.Interactables
{
    public interface IXRInteractable
    {
        Transform transform { get; }
    }
    public interface IXRHoverInteractable : IXRInteractable { bool isHovered { get; } }
    public interface IXRSelectInteractable : IXRInteractable { bool isSelected { get; } }
    public interface IXRActivateInteractable : IXRInteractable { }

    [SelectionBase]
    [DefaultExecutionOrder(-98)]
    public abstract partial class XRBaseInteractable : MonoBehaviour, IXRActivateInteractable, IXRHoverInteractable, IXRSelectInteractable
    {
        public HoverEnterEvent firstHoverEntered { get { throw null; } set { } }
        public HoverExitEvent lastHoverExited { get { throw null; } set { } }
        public HoverEnterEvent hoverEntered { get { throw null; } set { } }
        public HoverExitEvent hoverExited { get { throw null; } set { } }
        public SelectEnterEvent firstSelectEntered { get { throw null; } set { } }
        public SelectExitEvent lastSelectExited { get { throw null; } set { } }
        public SelectEnterEvent selectEntered { get { throw null; } set { } }
        public SelectExitEvent selectExited { get { throw null; } set { } }
        public ActivateEvent activated { get { throw null; } set { } }
        public DeactivateEvent deactivated { get { throw null; } set { } }
        public bool isHovered { get { throw null; } }
        public bool isSelected { get { throw null; } }
        public XRInteractionManager interactionManager { get { throw null; } set { } }
        protected virtual void Reset() { }
        protected virtual void Awake() { }
        protected virtual void OnEnable() { }
        protected virtual void OnDisable() { }
        protected virtual void OnDestroy() { }
    }

    public class XRSimpleInteractable : XRBaseInteractable { }
    public class XRGrabInteractable : XRBaseInteractable { }
}

namespace UnityEngine.XR.Interaction.Toolkit.Interactors
{
    public interface IXRInteractor { Transform transform { get; } }
    public interface IXRHoverInteractor : IXRInteractor { }
    public interface IXRSelectInteractor : IXRInteractor { }
    public interface IXRActivateInteractor : IXRInteractor { }

    public abstract partial class XRBaseInteractor : MonoBehaviour, IXRHoverInteractor, IXRSelectInteractor
    {
        public XRInteractionManager interactionManager { get { throw null; } set { } }
    }

    public abstract partial class XRBaseInputInteractor : XRBaseInteractor, IXRActivateInteractor
    {
        public UnityEngine.XR.Interaction.Toolkit.Inputs.Readers.XRInputButtonReader selectInput { get { throw null; } set { } }
        public UnityEngine.XR.Interaction.Toolkit.Inputs.Readers.XRInputButtonReader activateInput { get { throw null; } set { } }
    }

    public partial class XRRayInteractor : XRBaseInputInteractor
    {
        public float maxRaycastDistance { get { throw null; } set { } }
    }
}

namespace UnityEngine.XR.Interaction.Toolkit.Inputs.Readers
{
    public interface IXRInputValueReader<TValue> where TValue : struct
    {
        TValue ReadValue();
        bool TryReadValue(out TValue value);
    }

    public interface IXRInputButtonReader : IXRInputValueReader<float>
    {
        bool ReadIsPerformed();
        bool ReadWasPerformedThisFrame();
        bool ReadWasCompletedThisFrame();
    }

    [Serializable]
    public class XRInputButtonReader : IXRInputButtonReader
    {
        public enum InputSourceMode { Unused, InputAction, InputActionReference, ObjectReference, ManualValue }
        public XRInputButtonReader() { }
        public XRInputButtonReader(string name = null, string valueName = null, bool wantsInitialStateCheck = false,
                                   InputSourceMode inputSourceMode = InputSourceMode.InputActionReference) { }
        public InputSourceMode inputSourceMode { get { throw null; } set { } }
        public UnityEngine.InputSystem.InputAction inputActionPerformed { get { throw null; } set { } }
        public UnityEngine.InputSystem.InputAction inputActionValue { get { throw null; } set { } }
        public UnityEngine.InputSystem.InputActionReference inputActionReferencePerformed { get { throw null; } set { } }
        public UnityEngine.InputSystem.InputActionReference inputActionReferenceValue { get { throw null; } set { } }
        public bool ReadIsPerformed() { throw null; }
        public bool ReadWasPerformedThisFrame() { throw null; }
        public bool ReadWasCompletedThisFrame() { throw null; }
        public float ReadValue() { throw null; }
        public bool TryReadValue(out float value) { throw null; }
    }
}
