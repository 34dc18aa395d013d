// Props a room grid implies, exactly as python_bridge/content/rooms.py's prop_placements builds them:
// one per small prop / light / interactable tile, one per large-prop piece (4-connected) at its first tile
// in row-major order with scale = its longer side in tiles; a prop beside a wall faces away from it
// (rotation 0 = facing south, clockwise degrees). Used when the scene makes rooms itself (standalone).
using System;
using System.Collections.Generic;
using VRBridge.Protocol;

namespace VRBridge.Logic
{
    public static class RoomProps
    {
        static readonly string[] PropIds = { null, null, null, null, null, "small_prop", "large_prop", "light", "interactable" };

        public static List<PropPlacement> Place(byte[] grid, int width, int height)
        {
            var labels = LabelLargeProps(grid, width, height);
            var seen = new HashSet<int>();
            var outList = new List<PropPlacement>();
            for (int r = 0; r < height; r++)
            {
                for (int c = 0; c < width; c++)
                {
                    int cls = grid[r * width + c];
                    if (cls < TileClass.SmallProp || cls >= TileClass.Count) continue;
                    float scale = 1f;
                    if (cls == TileClass.LargeProp)
                    {
                        int k = labels[r * width + c];
                        if (!seen.Add(k)) continue;
                        int rMin = int.MaxValue, rMax = int.MinValue, cMin = int.MaxValue, cMax = int.MinValue;
                        for (int i = 0; i < labels.Length; i++)
                        {
                            if (labels[i] != k) continue;
                            int rr = i / width, cc = i % width;
                            rMin = Math.Min(rMin, rr); rMax = Math.Max(rMax, rr);
                            cMin = Math.Min(cMin, cc); cMax = Math.Max(cMax, cc);
                        }
                        scale = Math.Max(rMax - rMin + 1, cMax - cMin + 1);
                    }
                    outList.Add(new PropPlacement
                    {
                        PropId = PropIds[cls],
                        X = (uint)c,
                        Y = (uint)r,
                        RotationDeg = Facing(grid, width, height, r, c),
                        Scale = scale,
                        Interactable = cls == TileClass.Interactable,
                    });
                }
            }
            return outList;
        }

        static bool Wall(byte[] grid, int w, int h, int r, int c)
        {
            return r >= 0 && r < h && c >= 0 && c < w && grid[r * w + c] == TileClass.Wall;
        }

        static float Facing(byte[] grid, int w, int h, int r, int c)
        {
            if (Wall(grid, w, h, r - 1, c)) return 0f;    // wall to the north: face south
            if (Wall(grid, w, h, r, c + 1)) return 90f;   // east: face west
            if (Wall(grid, w, h, r + 1, c)) return 180f;  // south: face north
            if (Wall(grid, w, h, r, c - 1)) return 270f;  // west: face east
            return 0f;
        }

        /// <summary>4-connected components of large-prop tiles, labelled 1.. in row-major order of
        /// their first tile (scipy.ndimage.label's order); 0 elsewhere.</summary>
        static int[] LabelLargeProps(byte[] grid, int w, int h)
        {
            var labels = new int[grid.Length];
            int next = 0;
            var stack = new Stack<int>();
            for (int i = 0; i < grid.Length; i++)
            {
                if (grid[i] != TileClass.LargeProp || labels[i] != 0) continue;
                next++;
                labels[i] = next;
                stack.Push(i);
                while (stack.Count > 0)
                {
                    int j = stack.Pop();
                    int r = j / w, c = j % w;
                    Visit(grid, labels, w, h, r - 1, c, next, stack);
                    Visit(grid, labels, w, h, r + 1, c, next, stack);
                    Visit(grid, labels, w, h, r, c - 1, next, stack);
                    Visit(grid, labels, w, h, r, c + 1, next, stack);
                }
            }
            return labels;
        }

        static void Visit(byte[] grid, int[] labels, int w, int h, int r, int c, int label, Stack<int> stack)
        {
            if (r < 0 || r >= h || c < 0 || c >= w) return;
            int k = r * w + c;
            if (grid[k] != TileClass.LargeProp || labels[k] != 0) return;
            labels[k] = label;
            stack.Push(k);
        }
    }
}
