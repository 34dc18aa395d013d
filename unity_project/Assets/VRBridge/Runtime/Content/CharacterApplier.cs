// Characters: a named float vector on a rig (conventions in Logic/CharacterParamMap.cs): blendshape
// weights on SkinnedMeshRenderers, colours through MaterialPropertyBlocks, a uniform scale. Commit
// snapshots what it changes so that Rollback can restore it.
using System;
using System.Collections;
using System.Collections.Generic;
using UnityEngine;
using VRBridge.Logic;
using Pb = VRBridge.Protocol;

namespace VRBridge
{
    [AddComponentMenu("VRBridge/Character Applier")]
    public sealed class CharacterApplier : ContentApplier
    {
        [Serializable]
        public struct ColourSlot
        {
            public string name;
            public Renderer[] renderers;
            [Tooltip("_BaseColor for URP Lit, _Color for built-in.")]
            public string property;
        }

        [SerializeField] Transform root;
        [SerializeField] SkinnedMeshRenderer[] skins = new SkinnedMeshRenderer[0];
        [SerializeField] List<ColourSlot> colourSlots = new List<ColourSlot>();
        [SerializeField] string elementId = "character/main";

        struct BlendTarget { public SkinnedMeshRenderer Skin; public int Index; public float Weight; }
        struct ColourTarget { public Renderer Renderer; public string Property; public float[] Rgb; }
        struct Saved { public Renderer Renderer; public string Property; public Color Colour; }

        readonly List<BlendTarget> m_Blends = new List<BlendTarget>();
        readonly List<ColourTarget> m_Colours = new List<ColourTarget>();
        float? m_Scale;
        // Snapshot for rollback, taken by Commit.
        readonly List<BlendTarget> m_SavedBlends = new List<BlendTarget>();
        readonly List<Saved> m_SavedColours = new List<Saved>();
        Vector3 m_SavedScale;
        bool m_HasSnapshot;
        MaterialPropertyBlock m_Block;

        public override Pb.ContentKind Kind { get { return Pb.ContentKind.Character; } }

        public void Bind(Transform characterRoot, SkinnedMeshRenderer[] skinned, List<ColourSlot> colours)
        {
            root = characterRoot;
            skins = skinned ?? new SkinnedMeshRenderer[0];
            colourSlots = colours ?? new List<ColourSlot>();
        }

        public override IEnumerator Build(Pb.DecodedContent content, FrameBudget budget)
        {
            m_Blends.Clear();
            m_Colours.Clear();
            m_HasSnapshot = false;
            CharacterParamMap map = CharacterParamMap.From(content.Character.Names, content.Character.Values);
            int matched = 0;
            foreach (KeyValuePair<string, float> kv in map.BlendShapes)
            {
                foreach (SkinnedMeshRenderer skin in skins)
                {
                    if (skin == null || skin.sharedMesh == null) continue;
                    int index = skin.sharedMesh.GetBlendShapeIndex(kv.Key);
                    if (index < 0) continue;
                    m_Blends.Add(new BlendTarget { Skin = skin, Index = index, Weight = kv.Value });
                    matched++;
                }
            }
            foreach (KeyValuePair<string, float[]> kv in map.Colours)
            {
                foreach (ColourSlot slot in colourSlots)
                {
                    if (slot.name != kv.Key || slot.renderers == null) continue;
                    string prop = string.IsNullOrEmpty(slot.property) ? "_BaseColor" : slot.property;
                    foreach (Renderer r in slot.renderers)
                        if (r != null) m_Colours.Add(new ColourTarget { Renderer = r, Property = prop, Rgb = kv.Value });
                    matched++;
                }
            }
            m_Scale = root != null ? map.Scale : null;
            if (m_Scale.HasValue) matched++;
            if (matched == 0)
                throw new Pb.ContentException("character_params", "names",
                    "none of the " + content.Character.Names.Length + " parameters matches this rig's blendshapes, " +
                    "colour slots or 'scale' (CharacterApplier '" + Slot + "')");
            yield break;
        }

        public override void Commit(Pb.DecodedContent content)
        {
            if (m_Block == null) m_Block = new MaterialPropertyBlock();
            m_SavedBlends.Clear();
            m_SavedColours.Clear();
            m_SavedScale = root != null ? root.localScale : Vector3.one;
            m_HasSnapshot = true;
            foreach (BlendTarget b in m_Blends)
            {
                m_SavedBlends.Add(new BlendTarget { Skin = b.Skin, Index = b.Index, Weight = b.Skin.GetBlendShapeWeight(b.Index) });
                b.Skin.SetBlendShapeWeight(b.Index, b.Weight);
            }
            foreach (ColourTarget c in m_Colours)
            {
                c.Renderer.GetPropertyBlock(m_Block);
                Color old = m_Block.GetColor(c.Property);
                m_SavedColours.Add(new Saved { Renderer = c.Renderer, Property = c.Property, Colour = old });
                var next = new Color(
                    float.IsNaN(c.Rgb[0]) ? old.r : c.Rgb[0],
                    float.IsNaN(c.Rgb[1]) ? old.g : c.Rgb[1],
                    float.IsNaN(c.Rgb[2]) ? old.b : c.Rgb[2],
                    1f);
                m_Block.SetColor(c.Property, next);
                c.Renderer.SetPropertyBlock(m_Block);
            }
            if (m_Scale.HasValue) root.localScale = Vector3.one * m_Scale.Value;
            Transform tagged = root != null ? root : transform;
            Tag(tagged.gameObject, elementId, content.ContentId);
            CurrentContentId = content.ContentId;
        }

        public override void Rollback()
        {
            m_Blends.Clear();
            m_Colours.Clear();
            if (!m_HasSnapshot) return; // the build failed: nothing was changed
            foreach (BlendTarget b in m_SavedBlends) b.Skin.SetBlendShapeWeight(b.Index, b.Weight);
            foreach (Saved s in m_SavedColours)
            {
                s.Renderer.GetPropertyBlock(m_Block);
                m_Block.SetColor(s.Property, s.Colour);
                s.Renderer.SetPropertyBlock(m_Block);
            }
            if (root != null) root.localScale = m_SavedScale;
            m_HasSnapshot = false;
        }
    }
}
