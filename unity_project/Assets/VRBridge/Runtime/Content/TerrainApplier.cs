// Terrain: heights in metres go into a fresh TerrainData in bands of rows (SetHeightsDelayLOD) under a
// per-frame budget; Commit swaps it into the Terrain and its collider. The first TerrainData (the scene's
// asset) is never modified or destroyed.
using System.Collections;
using UnityEngine;
using VRBridge.Logic;
using Pb = VRBridge.Protocol;

namespace VRBridge
{
    [AddComponentMenu("VRBridge/Terrain Applier")]
    public sealed class TerrainApplier : ContentApplier
    {
        [SerializeField] Terrain terrain;
        [Tooltip("Rows written per SetHeightsDelayLOD call.")]
        [SerializeField] int bandRows = 16;
        [Tooltip("Smallest vertical extent of the terrain, so gentle terrain keeps its resolution.")]
        [SerializeField] float minHeightRangeM = 4f;
        [SerializeField] string elementId = "terrain/main";

        TerrainData m_Original, m_Staging, m_Previous;
        float m_StagingBaseM;

        public override Pb.ContentKind Kind { get { return Pb.ContentKind.Terrain; } }

        public Terrain Target { get { return terrain; } set { terrain = value; } }

        public override IEnumerator Build(Pb.DecodedContent content, FrameBudget budget)
        {
            if (terrain == null || terrain.terrainData == null)
                throw new Pb.ContentException("terrain_target", Slot, "this TerrainApplier has no Terrain with TerrainData");
            if (m_Original == null) m_Original = terrain.terrainData;
            Pb.TerrainContent t = content.Terrain;
            int res = HeightmapResolution(Mathf.Max(t.Width, t.Height));
            float range = Mathf.Max(minHeightRangeM, t.MaxM - t.MinM);
            float[,] heights = HeightField.ToTerrain(t.HeightsM, t.Width, t.Height, res, t.MinM, range);
            if (budget.Exhausted) yield return null;

            var data = new TerrainData();
            data.name = content.ContentId;
            data.heightmapResolution = res; // before size: changing the resolution rescales the size
            data.size = new Vector3(t.CellSizeM * (t.Width - 1), range, t.CellSizeM * (t.Height - 1));
            data.terrainLayers = m_Original.terrainLayers;
            m_Staging = data;
            m_StagingBaseM = t.MinM;
            int rows = Mathf.Max(1, bandRows);
            for (int z0 = 0; z0 < res; z0 += rows)
            {
                int n = Mathf.Min(rows, res - z0);
                var band = new float[n, res];
                for (int z = 0; z < n; z++)
                    for (int x = 0; x < res; x++)
                        band[z, x] = heights[z0 + z, x];
                data.SetHeightsDelayLOD(0, z0, band);
                if (budget.Exhausted) yield return null;
            }
            data.SyncHeightmap();
        }

        public override void Commit(Pb.DecodedContent content)
        {
            m_Previous = terrain.terrainData;
            Swap(m_Staging);
            Vector3 size = m_Staging.size;
            // Centre the terrain on the slot; its lowest point sits at the content's minimum height.
            terrain.transform.position = transform.TransformPoint(new Vector3(-size.x * 0.5f, m_StagingBaseM, -size.z * 0.5f));
            m_Staging = null;
            CurrentContentId = content.ContentId;
            var el = terrain.GetComponent<ContentElement>();
            if (el == null) el = terrain.gameObject.AddComponent<ContentElement>();
            el.Set(elementId, content.ContentId);
            if (m_Previous != null && m_Previous != m_Original) Destroy(m_Previous);
            m_Previous = null;
        }

        public override void Rollback()
        {
            if (m_Previous != null) Swap(m_Previous); // a commit failed half-way
            m_Previous = null;
            if (m_Staging != null) Destroy(m_Staging);
            m_Staging = null;
        }

        void Swap(TerrainData data)
        {
            terrain.terrainData = data;
            var col = terrain.GetComponent<TerrainCollider>();
            if (col != null) col.terrainData = data;
        }

        /// <summary>Unity heightmaps are 2^n + 1 samples square: the smallest one covering <paramref name="side"/>.</summary>
        static int HeightmapResolution(int side)
        {
            int res = 33;
            while (res - 1 < side && res < 4097) res = (res - 1) * 2 + 1;
            return res;
        }
    }
}
