// Tags a scene object as an element of generated content, so gaze dwell and interactions are reported
// per element ("room/prop/12", "texture/wall") and per content id.
using UnityEngine;

namespace VRBridge
{
    [DisallowMultipleComponent]
    [AddComponentMenu("VRBridge/Content Element")]
    public sealed class ContentElement : MonoBehaviour
    {
        [SerializeField] string elementId = "";
        [Tooltip("Content the element belongs to; empty means the content applied last.")]
        [SerializeField] string contentId = "";

        public string ElementId { get { return elementId; } }
        /// <summary>Null when the element belongs to whatever content was applied last.</summary>
        public string ContentId { get { return string.IsNullOrEmpty(contentId) ? null : contentId; } }

        public void Set(string element, string content)
        {
            elementId = element ?? "";
            contentId = content ?? "";
        }

        /// <summary>The element id for <paramref name="target"/>: its ContentElement's, else its name.</summary>
        public static string IdOf(Component target, out string contentId)
        {
            var el = target.GetComponentInParent<ContentElement>();
            if (el != null && !string.IsNullOrEmpty(el.elementId))
            {
                contentId = el.ContentId;
                return el.elementId;
            }
            contentId = null;
            return target.gameObject.name;
        }
    }
}
