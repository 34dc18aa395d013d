// Content messages from the outputs of a generator exported by python_bridge/generators/export.py, for
// the standalone (no PC) mode. Output layouts, batch 1:
//   rooms "tiles" (1, 32, 32) ints, or "logits" (1, 9, 32, 32), or (layered rooms) "layers" (1, 9, 32, 32);  textures "rgb" (1, 3, H, W) in [0, 1];
//   terrain "height" (1, 1, H, W) metres;  characters "params" (1, D).
using System;
using Google.Protobuf;
using VRBridge.Protocol;

namespace VRBridge.Logic
{
    public static class GeneratorOutputs
    {
        public static ContentMessage Message(string contentId, string slot, Provenance provenance)
        {
            return new ContentMessage
            {
                Header = Schema.Header(),
                ContentId = contentId,
                Slot = slot ?? "",
                Provenance = provenance ?? new Provenance(),
            };
        }

        /// <summary>A room from class ids (row-major, row 0 = north), with its props as Python places them.</summary>
        public static RoomGrid Room(int[] tiles, int width, int height, float tileSizeM = 1f)
        {
            if (tiles.Length != width * height) throw new ArgumentException("tiles must hold width*height ids");
            var bytes = new byte[tiles.Length];
            for (int i = 0; i < tiles.Length; i++)
            {
                int t = tiles[i];
                bytes[i] = (byte)(t < 0 || t >= TileClass.Count ? TileClass.Void : t);
            }
            var room = new RoomGrid
            {
                Width = (uint)width,
                Height = (uint)height,
                Tiles = ByteString.CopyFrom(bytes),
                TileSizeM = tileSizeM,
            };
            room.Props.AddRange(RoomProps.Place(bytes, width, height));
            return room;
        }

        /// <summary>Arg-max over the class axis of (classes, height, width) logits.</summary>
        public static int[] ArgMaxClasses(float[] logits, int classes, int width, int height)
        {
            int plane = width * height;
            if (logits.Length != classes * plane) throw new ArgumentException("logits must hold classes*width*height values");
            var tiles = new int[plane];
            for (int i = 0; i < plane; i++)
            {
                int best = 0;
                float bestV = logits[i];
                for (int k = 1; k < classes; k++)
                {
                    float v = logits[k * plane + i];
                    if (v > bestV) { bestV = v; best = k; }
                }
                tiles[i] = best;
            }
            return tiles;
        }

        /// <summary>
        /// Tile class ids from a layered room's (9, height, width) logits: the C# twin of
        /// python_bridge/content/rooms.py room_from_layers (same order, same ties: first maximum in
        /// row-major order). Channels: 0 walkable 2x2 blocks, 1 props, 2-5 prop classes (small prop,
        /// large prop, light, interactable), 6 spawn, 7 doors, 8 wall ring (unused when decoding).
        /// </summary>
        public static int[] RoomFromLayers(float[] layers, int width, int height, float blockThreshold, float propThreshold)
        {
            int plane = width * height;
            if (layers.Length != 9 * plane) throw new ArgumentException("layers must hold 9*width*height values");
            if (!(blockThreshold > 0f && blockThreshold < 1f) || !(propThreshold > 0f && propThreshold < 1f))
                throw new ArgumentException("blockThreshold and propThreshold must be in (0, 1)");
            int[] propClass = { TileClass.SmallProp, TileClass.LargeProp, TileClass.Light, TileClass.Interactable };
            float blockLogit = (float)Math.Log(blockThreshold / (1.0 - blockThreshold));
            float propLogit = (float)Math.Log(propThreshold / (1.0 - propThreshold));
            var walk = new bool[plane];
            for (int r = 0; r + 1 < height; r++)
                for (int c = 0; c + 1 < width; c++)
                    if (layers[r * width + c] > blockLogit)
                        walk[r * width + c] = walk[r * width + c + 1] = walk[(r + 1) * width + c] = walk[(r + 1) * width + c + 1] = true;
            var tiles = new int[plane];
            var interior = new bool[plane];
            for (int i = 0; i < plane; i++)
            {
                interior[i] = walk[i] || (layers[plane + i] > propLogit && Near(walk, width, height, i / width, i % width, 2));
                if (walk[i]) tiles[i] = TileClass.Floor;
                else if (interior[i])
                {
                    int best = 0;
                    for (int k = 1; k < 4; k++) if (layers[(2 + k) * plane + i] > layers[(2 + best) * plane + i]) best = k;
                    tiles[i] = propClass[best];
                }
            }
            for (int i = 0; i < plane; i++)
                if (!interior[i]) tiles[i] = Near(interior, width, height, i / width, i % width, 1) ? TileClass.Wall : TileClass.Void;
            int spawn = -1;
            for (int i = 0; i < plane; i++)
                if (walk[i] && (spawn < 0 || layers[6 * plane + i] > layers[6 * plane + spawn])) spawn = i;
            // Door slots: a pair of wall tiles along the wall, walkable two deep on one side, the
            // outside (void or off the grid) on the other.
            var slots = new System.Collections.Generic.List<(int, int)>();
            int[,] sides = { { 1, 0 }, { -1, 0 }, { 0, 1 }, { 0, -1 } };  // north, south, west, east walls
            for (int s = 0; s < 4; s++)
            {
                int dr = sides[s, 0], dc = sides[s, 1];
                int sr = dr != 0 ? 0 : 1, sc = dr != 0 ? 1 : 0;
                for (int r = 0; r < height; r++)
                    for (int c = 0; c < width; c++)
                        if (SlotTile(tiles, walk, width, height, r, c, dr, dc) && SlotTile(tiles, walk, width, height, r + sr, c + sc, dr, dc))
                            slots.Add((r * width + c, (r + sr) * width + c + sc));
            }
            if (spawn >= 0) tiles[spawn] = TileClass.Spawn;
            if (slots.Count > 0)
            {
                var score = new float[slots.Count];
                int best = 0;
                for (int k = 0; k < slots.Count; k++)
                {
                    score[k] = (layers[7 * plane + slots[k].Item1] + layers[7 * plane + slots[k].Item2]) / 2f;
                    if (score[k] > score[best]) best = k;
                }
                for (int k = 0; k < slots.Count; k++)
                    if ((k == best || score[k] > 0f) && tiles[slots[k].Item1] == TileClass.Wall && tiles[slots[k].Item2] == TileClass.Wall)
                        tiles[slots[k].Item1] = tiles[slots[k].Item2] = TileClass.Door;
            }
            return tiles;
        }

        // True when a tile within `reach` steps (8-connected, inside the grid) of (r, c) is set in mask.
        static bool Near(bool[] mask, int width, int height, int r, int c, int reach)
        {
            for (int dr = -reach; dr <= reach; dr++)
                for (int dc = -reach; dc <= reach; dc++)
                {
                    int rr = r + dr, cc = c + dc;
                    if (rr >= 0 && rr < height && cc >= 0 && cc < width && mask[rr * width + cc]) return true;
                }
            return false;
        }

        // A wall tile with walkable tiles 1 and 2 steps along (dr, dc) and the outside one step against it.
        static bool SlotTile(int[] tiles, bool[] walk, int width, int height, int r, int c, int dr, int dc)
        {
            if (r < 0 || r >= height || c < 0 || c >= width || tiles[r * width + c] != TileClass.Wall) return false;
            for (int k = 1; k <= 2; k++)
            {
                int rr = r + k * dr, cc = c + k * dc;
                if (rr < 0 || rr >= height || cc < 0 || cc >= width || !walk[rr * width + cc]) return false;
            }
            int orr = r - dr, oc = c - dc;
            return orr < 0 || orr >= height || oc < 0 || oc >= width || tiles[orr * width + oc] == TileClass.Void;
        }

        /// <summary>A texture from channel-first (3, height, width) values in [0, 1].</summary>
        public static Texture Texture(float[] chw, int width, int height)
        {
            int plane = width * height;
            if (chw.Length != 3 * plane) throw new ArgumentException("chw must hold 3*width*height values");
            var rgb = new byte[3 * plane];
            for (int i = 0; i < plane; i++)
            {
                for (int ch = 0; ch < 3; ch++)
                {
                    float v = chw[ch * plane + i];
                    if (float.IsNaN(v)) v = 0f;
                    int b = (int)Math.Round(v * 255f);
                    rgb[i * 3 + ch] = (byte)(b < 0 ? 0 : (b > 255 ? 255 : b));
                }
            }
            return new Texture { Width = (uint)width, Height = (uint)height, Rgb8 = ByteString.CopyFrom(rgb) };
        }

        public static Terrain Terrain(float[] heightsM, int width, int height, float cellSizeM = 1f)
        {
            if (heightsM.Length != width * height) throw new ArgumentException("heights must hold width*height values");
            var t = new Terrain { Width = (uint)width, Height = (uint)height, CellSizeM = cellSizeM };
            t.HeightsM.AddRange(heightsM);
            return t;
        }

        public static CharacterParams Character(float[] values, string[] names)
        {
            if (names.Length != values.Length) throw new ArgumentException("one name per value");
            var c = new CharacterParams();
            c.Names.AddRange(names);
            c.Values.AddRange(values);
            return c;
        }

        /// <summary>The generator's latent from the director's action: the first min(action, latent)
        /// dims scaled by <paramref name="scale"/>, the rest zero.</summary>
        public static float[] LatentFromAction(float[] action, int latentDim, float scale)
        {
            var z = new float[latentDim];
            int n = Math.Min(action.Length, latentDim);
            for (int i = 0; i < n; i++) z[i] = action[i] * scale;
            return z;
        }
    }
}
