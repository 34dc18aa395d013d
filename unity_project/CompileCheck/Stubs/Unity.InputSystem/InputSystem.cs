// Compile-only stub of com.unity.inputsystem 1.x (assembly Unity.InputSystem): InputAction and friends as
// in InputSystem/Actions/{InputAction,InputActionProperty,InputActionSetupExtensions,InputActionType}.cs and
// Plugins/XR/TrackedPoseDriver.cs.
using System;
using UnityEngine;

namespace UnityEngine.InputSystem
{
    public enum InputActionType { Value, Button, PassThrough }

    public class InputControl
    {
        protected InputControl() { }
        public string name { get { throw null; } }
        public string path { get { throw null; } }
        public InputDevice device { get { throw null; } }
    }

    public class InputDevice : InputControl { }

    public sealed class InputAction : ICloneable, IDisposable
    {
        public InputAction() { }
        public InputAction(string name = null, InputActionType type = default(InputActionType), string binding = null,
                           string interactions = null, string processors = null, string expectedControlType = null) { }
        public string name { get { throw null; } }
        public InputActionType type { get { throw null; } }
        public bool enabled { get { throw null; } }
        public bool triggered { get { throw null; } }
        public InputControl activeControl { get { throw null; } }
        public event Action<CallbackContext> started { add { } remove { } }
        public event Action<CallbackContext> canceled { add { } remove { } }
        public event Action<CallbackContext> performed { add { } remove { } }
        public void Enable() { }
        public void Disable() { }
        public void Dispose() { }
        public object Clone() { throw null; }
        public TValue ReadValue<TValue>() where TValue : struct { throw null; }
        public bool IsPressed() { throw null; }
        public bool WasPressedThisFrame() { throw null; }
        public bool WasReleasedThisFrame() { throw null; }
        public bool WasPerformedThisFrame() { throw null; }

        public struct CallbackContext
        {
            public InputAction action { get { throw null; } }
            public InputControl control { get { throw null; } }
            public bool performed { get { throw null; } }
            public double time { get { throw null; } }
            public TValue ReadValue<TValue>() where TValue : struct { throw null; }
            public bool ReadValueAsButton() { throw null; }
        }
    }

    public class InputActionReference : ScriptableObject
    {
        public InputAction action { get { throw null; } }
    }

    public struct InputActionProperty : IEquatable<InputActionProperty>, IEquatable<InputAction>, IEquatable<InputActionReference>
    {
        public InputActionProperty(InputAction action) { throw null; }
        public InputActionProperty(InputActionReference reference) { throw null; }
        public InputAction action { get { throw null; } }
        public InputActionReference reference { get { throw null; } }
        public bool Equals(InputActionProperty other) { throw null; }
        public bool Equals(InputAction other) { throw null; }
        public bool Equals(InputActionReference other) { throw null; }
        public override bool Equals(object obj) { throw null; }
        public override int GetHashCode() { throw null; }
    }

    public static class InputActionSetupExtensions
    {
        public struct BindingSyntax
        {
            public BindingSyntax WithInteractions(string interactions) { throw null; }
            public BindingSyntax WithProcessors(string processors) { throw null; }
        }

        public static BindingSyntax AddBinding(this InputAction action, string path, string interactions = null,
            string processors = null, string groups = null) { throw null; }
    }
}

namespace UnityEngine.InputSystem.XR
{
    [AddComponentMenu("XR/Tracked Pose Driver (Input System)")]
    public class TrackedPoseDriver : MonoBehaviour, ISerializationCallbackReceiver
    {
        public enum TrackingType { RotationAndPosition, RotationOnly, PositionOnly }
        public enum UpdateType { UpdateAndBeforeRender, Update, BeforeRender }
        public TrackingType trackingType { get { throw null; } set { } }
        public UpdateType updateType { get { throw null; } set { } }
        public bool ignoreTrackingState { get { throw null; } set { } }
        public InputActionProperty positionInput { get { throw null; } set { } }
        public InputActionProperty rotationInput { get { throw null; } set { } }
        public InputActionProperty trackingStateInput { get { throw null; } set { } }
        void ISerializationCallbackReceiver.OnBeforeSerialize() { }
        void ISerializationCallbackReceiver.OnAfterDeserialize() { }
    }
}
