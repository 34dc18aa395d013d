// expect: CS0234
// XR Interaction Toolkit 3.0 moved XRBaseInteractable into ...Toolkit.Interactables; the 2.x name is gone.
class Canary
{
    UnityEngine.XR.Interaction.Toolkit.XRBaseInteractable interactable;
}
