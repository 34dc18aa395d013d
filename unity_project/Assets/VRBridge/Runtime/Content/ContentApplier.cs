// What a slot in the scene does with content of one kind, in three steps so that no VR frame hitches
// and a failure never leaves half-applied content: Build (spread over frames under a per-frame budget,
// invisible to the player), Commit (a cheap swap), Rollback (discard the build; the previous content stays).
using System.Collections;
using UnityEngine;
using VRBridge.Logic;
using Pb = VRBridge.Protocol;

namespace VRBridge
{
    public abstract class ContentApplier : MonoBehaviour
    {
        [Tooltip("The anchor name content messages address (ContentMessage.slot), e.g. 'main_room'.")]
        [SerializeField] string slot = "main";
        [Tooltip("Also take content of this kind whose slot no applier claims (e.g. the stand-in's 'director-0').")]
        [SerializeField] bool acceptUnknownSlots = true;

        public string Slot { get { return slot; } set { slot = value; } }
        public bool AcceptUnknownSlots { get { return acceptUnknownSlots; } set { acceptUnknownSlots = value; } }

        public abstract Pb.ContentKind Kind { get; }

        /// <summary>The content shown now (empty before the first commit).</summary>
        public string CurrentContentId { get; protected set; }

        /// <summary>Prepares <paramref name="content"/> without changing what the player sees. Yield null
        /// whenever <paramref name="budget"/> is exhausted. Throw (ContentException for a broken rule) to refuse.</summary>
        public abstract IEnumerator Build(Pb.DecodedContent content, FrameBudget budget);

        /// <summary>Shows what Build prepared; must be cheap. May throw, then Rollback restores.</summary>
        public abstract void Commit(Pb.DecodedContent content);

        /// <summary>Discards a failed build or a failed commit; the previous content stays or comes back.</summary>
        public abstract void Rollback();

        /// <summary>Marks <paramref name="go"/> as element <paramref name="elementId"/> of <paramref name="contentId"/>.</summary>
        protected static void Tag(GameObject go, string elementId, string contentId)
        {
            var el = go.GetComponent<ContentElement>();
            if (el == null) el = go.AddComponent<ContentElement>();
            el.Set(elementId, contentId);
        }
    }
}
