// Terrain heights in metres -> the normalised [0, 1] grid that Unity's TerrainData.SetHeights takes.
// TerrainData indexes heights[z, x] with z = 0 at the terrain's south edge; our rows start in the north.
using System;

namespace VRBridge.Logic
{
    public static class HeightField
    {
        /// <summary>Bilinear resample of a row-major <paramref name="w"/> x <paramref name="h"/> grid
        /// (row 0 = north) to <paramref name="res"/> x <paramref name="res"/>, as heights[z, x] with z = 0
        /// south, normalised as (metres - <paramref name="baseM"/>) / <paramref name="rangeM"/> and clamped to [0, 1].</summary>
        public static float[,] ToTerrain(float[] metres, int w, int h, int res, float baseM, float rangeM)
        {
            if (metres.Length != w * h) throw new ArgumentException("metres must hold w*h values");
            if (res < 2) throw new ArgumentException("res must be at least 2");
            if (!(rangeM > 0)) rangeM = 1f;
            var outH = new float[res, res];
            for (int zi = 0; zi < res; zi++)
            {
                // z = 0 is the south edge = the last source row
                float sy = (h - 1) * (1f - zi / (float)(res - 1));
                int y0 = (int)Math.Floor(sy);
                int y1 = Math.Min(y0 + 1, h - 1);
                float fy = sy - y0;
                for (int xi = 0; xi < res; xi++)
                {
                    float sx = (w - 1) * (xi / (float)(res - 1));
                    int x0 = (int)Math.Floor(sx);
                    int x1 = Math.Min(x0 + 1, w - 1);
                    float fx = sx - x0;
                    float top = metres[y0 * w + x0] * (1 - fx) + metres[y0 * w + x1] * fx;
                    float bottom = metres[y1 * w + x0] * (1 - fx) + metres[y1 * w + x1] * fx;
                    float m = top * (1 - fy) + bottom * fy;
                    float n = (m - baseM) / rangeM;
                    outH[zi, xi] = n < 0f ? 0f : (n > 1f ? 1f : n);
                }
            }
            return outH;
        }
    }
}
