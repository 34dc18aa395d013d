// Compile-only stub of com.unity.xr.core-utils 2.x (assembly Unity.XR.CoreUtils): XROrigin as in
// Runtime/XROrigin.cs.
using UnityEngine;

namespace Unity.XR.CoreUtils
{
    [DisallowMultipleComponent]
    public class XROrigin : MonoBehaviour
    {
        public enum TrackingOriginMode { NotSpecified, Device, Floor }
        public Camera Camera { get { throw null; } set { } }
        public Transform TrackablesParent { get { throw null; } }
        public GameObject Origin { get { throw null; } set { } }
        public GameObject CameraFloorOffsetObject { get { throw null; } set { } }
        public TrackingOriginMode RequestedTrackingOriginMode { get { throw null; } set { } }
        public float CameraYOffset { get { throw null; } set { } }
        public Vector3 CameraInOriginSpacePos { get { throw null; } }
        public bool MoveCameraToWorldLocation(Vector3 desiredWorldLocation) { throw null; }
    }
}
