// Textures: RGB8 rows (row 0 = top) are flipped into Unity's bottom-up order a few rows per frame, loaded
// with LoadRawTextureData (no PNG decode) and shown through a MaterialPropertyBlock on the target renderers.
using System.Collections;
using UnityEngine;
using VRBridge.Logic;
using Pb = VRBridge.Protocol;

namespace VRBridge
{
    [AddComponentMenu("VRBridge/Texture Applier")]
    public sealed class TextureApplier : ContentApplier
    {
        [SerializeField] Renderer[] targets = new Renderer[0];
        [Tooltip("Texture properties set on the targets: URP/HDRP Lit use _BaseMap, built-in uses _MainTex.")]
        [SerializeField] string[] textureProperties = { "_BaseMap", "_MainTex" };
        [SerializeField] bool mipmaps = true;
        [SerializeField] FilterMode filterMode = FilterMode.Bilinear;
        [SerializeField] string elementId = "texture/main";

        Texture2D m_Current, m_Staging, m_Previous;
        MaterialPropertyBlock m_Block;

        public override Pb.ContentKind Kind { get { return Pb.ContentKind.Texture; } }

        public Renderer[] Targets { get { return targets; } set { targets = value; } }

        public override IEnumerator Build(Pb.DecodedContent content, FrameBudget budget)
        {
            Pb.TextureContent t = content.Texture;
            if (targets == null || targets.Length == 0)
                throw new Pb.ContentException("texture_target", Slot, "this TextureApplier has no target renderers");
            int stride = t.Width * 3;
            var raw = new byte[t.Rgb8.Length];
            for (int row = 0; row < t.Height; row++)
            {
                // Unity's raw texture data starts with the bottom row.
                System.Buffer.BlockCopy(t.Rgb8, row * stride, raw, (t.Height - 1 - row) * stride, stride);
                if (budget.Exhausted) yield return null;
            }
            m_Staging = new Texture2D(t.Width, t.Height, TextureFormat.RGB24, mipmaps);
            m_Staging.name = content.ContentId;
            m_Staging.wrapMode = t.Tileable ? TextureWrapMode.Repeat : TextureWrapMode.Clamp;
            m_Staging.filterMode = filterMode;
            m_Staging.LoadRawTextureData(raw);
            yield return null; // the upload below gets a frame of its own
            m_Staging.Apply(mipmaps, true);
        }

        public override void Commit(Pb.DecodedContent content)
        {
            m_Previous = m_Current;
            Show(m_Staging, content.ContentId);
            m_Current = m_Staging;
            m_Staging = null;
            CurrentContentId = content.ContentId;
            if (m_Previous != null) Destroy(m_Previous);
            m_Previous = null;
        }

        public override void Rollback()
        {
            if (m_Previous != null)
            {
                Show(m_Previous, CurrentContentId); // a commit failed half-way: put the old texture back
                m_Current = m_Previous;
                m_Previous = null;
            }
            if (m_Staging != null) Destroy(m_Staging);
            m_Staging = null;
        }

        void Show(Texture2D tex, string contentId)
        {
            if (m_Block == null) m_Block = new MaterialPropertyBlock();
            foreach (Renderer r in targets)
            {
                if (r == null) continue;
                r.GetPropertyBlock(m_Block);
                foreach (string prop in textureProperties) m_Block.SetTexture(prop, tex);
                r.SetPropertyBlock(m_Block);
                Tag(r.gameObject, elementId, contentId);
            }
        }
    }
}
