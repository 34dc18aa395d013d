// Content messages from the outputs of a generator exported by python_bridge/generators/export.py, for
// the standalone (no PC) mode. Output layouts, batch 1:
//   rooms "tiles" (1, 32, 32) ints, or "logits" (1, 9, 32, 32);  textures "rgb" (1, 3, H, W) in [0, 1];
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
