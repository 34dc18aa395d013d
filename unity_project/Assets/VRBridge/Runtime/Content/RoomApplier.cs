// Rooms: the tile grid becomes prefab instances (floors, walls, doors, spawn marker, props by prop_id),
// instantiated a few per frame under a hidden root; Commit moves the finished room into place and the
// old room is destroyed a few pieces per frame.
using System;
using System.Collections;
using System.Collections.Generic;
using UnityEngine;
using UnityEngine.XR.Interaction.Toolkit.Interactables;
using VRBridge.Logic;
using Pb = VRBridge.Protocol;

namespace VRBridge
{
    [AddComponentMenu("VRBridge/Room Applier")]
    public sealed class RoomApplier : ContentApplier
    {
        [Serializable]
        public struct PrefabEntry
        {
            [Tooltip("floor, wall, door, spawn, or a prop_id: small_prop, large_prop, light, interactable")]
            public string key;
            public GameObject prefab;
        }

        [Tooltip("Prefabs authored for 1 m tiles; they are scaled by the room's tile size.")]
        [SerializeField] List<PrefabEntry> prefabs = new List<PrefabEntry>();
        [Tooltip("Add an XRSimpleInteractable and an InteractionCollector to interactable props that lack one.")]
        [SerializeField] bool makeInteractablesInteractive = true;
        [Tooltip("Old rooms are destroyed this many pieces per frame.")]
        [SerializeField] int destroyPerFrame = 64;

        static readonly Vector3 HiddenOffset = new Vector3(0f, -1000f, 0f);

        readonly Dictionary<string, GameObject> m_Prefabs = new Dictionary<string, GameObject>();
        GameObject m_Current, m_Staging;

        public override Pb.ContentKind Kind { get { return Pb.ContentKind.Room; } }

        /// <summary>World position of the current room's spawn tile, if it has one.</summary>
        public Vector3? SpawnPoint { get; private set; }
        Vector3? m_StagingSpawn;

        public void SetPrefab(string key, GameObject prefab)
        {
            for (int i = 0; i < prefabs.Count; i++)
            {
                if (prefabs[i].key == key)
                {
                    prefabs[i] = new PrefabEntry { key = key, prefab = prefab };
                    return;
                }
            }
            prefabs.Add(new PrefabEntry { key = key, prefab = prefab });
        }

        public override IEnumerator Build(Pb.DecodedContent content, FrameBudget budget)
        {
            m_Prefabs.Clear();
            foreach (PrefabEntry e in prefabs)
                if (!string.IsNullOrEmpty(e.key) && e.prefab != null) m_Prefabs[e.key] = e.prefab;

            Pb.RoomContent room = content.Room;
            List<RoomPiece> pieces = RoomLayout.Plan(room);
            // Refuse before building anything if the scene cannot show some piece.
            foreach (RoomPiece p in pieces)
            {
                if (!m_Prefabs.ContainsKey(p.Key))
                    throw new Pb.ContentException(p.Kind == PieceKind.Prop ? "prop_id" : "tile_prefab", p.ElementId,
                        "this scene has no prefab for '" + p.Key + "' (RoomApplier '" + Slot + "')");
            }

            m_Staging = new GameObject("Room " + content.ContentId);
            m_Staging.transform.SetParent(transform, false);
            m_Staging.transform.localPosition = HiddenOffset;
            m_StagingSpawn = null;
            float tile = room.TileSizeM;
            foreach (RoomPiece p in pieces)
            {
                GameObject go = Instantiate(m_Prefabs[p.Key], m_Staging.transform);
                go.name = p.ElementId;
                go.transform.localPosition = new Vector3(p.PosX, 0f, p.PosZ);
                go.transform.localRotation = Quaternion.Euler(0f, p.YawDeg, 0f);
                go.transform.localScale = go.transform.localScale * (tile * p.Scale);
                Tag(go, p.ElementId, content.ContentId);
                if (p.Kind == PieceKind.Spawn) m_StagingSpawn = new Vector3(p.PosX, 0f, p.PosZ);
                if (p.Interactable && makeInteractablesInteractive && go.GetComponentInChildren<XRBaseInteractable>() == null)
                {
                    go.AddComponent<XRSimpleInteractable>();
                    go.AddComponent<InteractionCollector>();
                }
                if (budget.Exhausted) yield return null;
            }
        }

        public override void Commit(Pb.DecodedContent content)
        {
            GameObject old = m_Current;
            m_Current = m_Staging;
            m_Staging = null;
            m_Current.transform.localPosition = Vector3.zero;
            SpawnPoint = m_StagingSpawn.HasValue ? transform.TransformPoint(m_StagingSpawn.Value) : (Vector3?)null;
            CurrentContentId = content.ContentId;
            if (old != null)
            {
                old.transform.localPosition = HiddenOffset;
                StartCoroutine(DestroyGradually(old));
            }
        }

        public override void Rollback()
        {
            if (m_Staging != null) StartCoroutine(DestroyGradually(m_Staging));
            m_Staging = null;
        }

        IEnumerator DestroyGradually(GameObject root)
        {
            Transform t = root.transform;
            while (t != null && t.childCount > 0)
            {
                int n = Mathf.Min(destroyPerFrame, t.childCount);
                for (int i = 0; i < n; i++)
                {
                    Transform child = t.GetChild(t.childCount - 1 - i);
                    Destroy(child.gameObject);
                }
                yield return null; // Destroy takes effect at the end of the frame
            }
            if (root != null) Destroy(root);
        }
    }
}
