// Checks a reassembled ContentMessage against the rules the scene relies on and turns it into plain
// arrays the appliers use. A broken rule throws ContentException naming the rule and where, which
// becomes the reason of a REJECTED ack (python: RuleFailure(rule, where, detail)).
using System;
using System.Collections.Generic;

namespace VRBridge.Protocol
{
    /// <summary>Tile classes fixed by the content registry (python_bridge/content/rooms.py).</summary>
    public static class TileClass
    {
        public const byte Void = 0, Floor = 1, Wall = 2, Door = 3, Spawn = 4,
                          SmallProp = 5, LargeProp = 6, Light = 7, Interactable = 8;
        public const int Count = 9;
    }

    public struct PropContent
    {
        public string PropId;
        /// <summary>Tile column and row (row 0 = north).</summary>
        public int X, Y;
        /// <summary>Clockwise degrees; 0 faces south.</summary>
        public float RotationDeg;
        public float Scale;
        public bool Interactable;
    }

    public sealed class RoomContent
    {
        public int Width, Height;
        /// <summary>Width*Height class ids, row-major, row 0 = north.</summary>
        public byte[] Tiles;
        public float TileSizeM;
        public PropContent[] Props;

        public byte At(int x, int y) { return Tiles[y * Width + x]; }
    }

    public sealed class TextureContent
    {
        public int Width, Height;
        /// <summary>Width*Height*3 bytes, row-major, row 0 = top.</summary>
        public byte[] Rgb8;
        public bool Tileable;
        public string MaterialFamily;
    }

    public sealed class TerrainContent
    {
        public int Width, Height;
        /// <summary>Width*Height metres, row-major, row 0 = north.</summary>
        public float[] HeightsM;
        public float CellSizeM;
        public float MinM, MaxM;
    }

    public sealed class CharacterContent
    {
        public string[] Names;
        public float[] Values;
    }

    /// <summary>A content message that passed every rule; exactly one payload field is set.</summary>
    public sealed class DecodedContent
    {
        public string ContentId;
        public ContentKind Kind;
        public string Slot;
        public Provenance Provenance;
        public RoomContent Room;
        public TextureContent Texture;
        public TerrainContent Terrain;
        public CharacterContent Character;
    }

    public static class ContentDecoder
    {
        public const int MaxRoomSide = 256;
        public const int MaxTextureSide = 2048;
        public const int MaxTerrainSide = 1025;
        public const int MaxCharacterParams = 1024;
        /// <summary>Used when a room leaves tile_size_m unset (python sends 1.0).</summary>
        public const float DefaultTileSizeM = 1f;
        /// <summary>Used when a terrain leaves cell_size_m unset.</summary>
        public const float DefaultCellSizeM = 1f;

        /// <summary>Validates <paramref name="msg"/>; throws <see cref="ContentException"/> on the first
        /// broken rule and <see cref="ProtocolVersionException"/> for another major schema.</summary>
        public static DecodedContent Decode(ContentMessage msg)
        {
            Schema.Check(msg.Header, "content message");
            if (string.IsNullOrEmpty(msg.ContentId))
                throw new ContentException("content_id", "message", "empty; the sender must name its content");
            var d = new DecodedContent
            {
                ContentId = msg.ContentId,
                Kind = msg.Kind,
                Slot = msg.Slot ?? "",
                Provenance = msg.Provenance,
            };
            ContentKind expected = KindOf(msg.PayloadCase);
            if (msg.PayloadCase == ContentMessage.PayloadOneofCase.None)
                throw new ContentException("payload", "message", "no room, texture, terrain or character set");
            if (msg.Kind != expected)
                throw new ContentException("kind", "message",
                    "kind " + msg.Kind + " does not match the " + msg.PayloadCase + " payload");
            switch (msg.PayloadCase)
            {
                case ContentMessage.PayloadOneofCase.Room: d.Room = DecodeRoom(msg.Room); break;
                case ContentMessage.PayloadOneofCase.Texture: d.Texture = DecodeTexture(msg.Texture); break;
                case ContentMessage.PayloadOneofCase.Terrain: d.Terrain = DecodeTerrain(msg.Terrain); break;
                case ContentMessage.PayloadOneofCase.Character: d.Character = DecodeCharacter(msg.Character); break;
            }
            return d;
        }

        public static ContentKind KindOf(ContentMessage.PayloadOneofCase payload)
        {
            switch (payload)
            {
                case ContentMessage.PayloadOneofCase.Room: return ContentKind.Room;
                case ContentMessage.PayloadOneofCase.Texture: return ContentKind.Texture;
                case ContentMessage.PayloadOneofCase.Terrain: return ContentKind.Terrain;
                case ContentMessage.PayloadOneofCase.Character: return ContentKind.Character;
                default: return ContentKind.Unspecified;
            }
        }

        static void Side(string rule, string where, uint value, int min, int max)
        {
            if (value < min || value > max)
                throw new ContentException(rule, where, value + " is outside [" + min + ", " + max + "]");
        }

        static float Positive(float value, float fallback, string rule, string where)
        {
            if (value == 0f) return fallback;
            if (!(value > 0f) || float.IsInfinity(value))
                throw new ContentException(rule, where, value + " must be a positive finite number");
            return value;
        }

        public static RoomContent DecodeRoom(RoomGrid g)
        {
            Side("room_size", "width", g.Width, 1, MaxRoomSide);
            Side("room_size", "height", g.Height, 1, MaxRoomSide);
            int w = (int)g.Width, h = (int)g.Height;
            byte[] tiles = g.Tiles.ToByteArray();
            if (tiles.Length != w * h)
                throw new ContentException("room_size", "tiles",
                    tiles.Length + " tile bytes for a " + w + "x" + h + " room (expected " + (w * h) + ")");
            for (int i = 0; i < tiles.Length; i++)
            {
                if (tiles[i] >= TileClass.Count)
                    throw new ContentException("tile_class", "(" + (i % w) + ", " + (i / w) + ")",
                        tiles[i] + " is not a tile class (0..8)");
            }
            var room = new RoomContent
            {
                Width = w,
                Height = h,
                Tiles = tiles,
                TileSizeM = Positive(g.TileSizeM, DefaultTileSizeM, "tile_size", "tile_size_m"),
                Props = new PropContent[g.Props.Count],
            };
            for (int i = 0; i < g.Props.Count; i++)
            {
                PropPlacement p = g.Props[i];
                string where = "props[" + i + "]";
                if (string.IsNullOrEmpty(p.PropId))
                    throw new ContentException("prop_id", where, "empty prefab key");
                if (p.X >= g.Width || p.Y >= g.Height)
                    throw new ContentException("prop_position", where,
                        "(" + p.X + ", " + p.Y + ") is outside the " + w + "x" + h + " room");
                if (float.IsNaN(p.RotationDeg) || float.IsInfinity(p.RotationDeg))
                    throw new ContentException("prop_rotation", where, "not a finite angle");
                room.Props[i] = new PropContent
                {
                    PropId = p.PropId,
                    X = (int)p.X,
                    Y = (int)p.Y,
                    RotationDeg = p.RotationDeg,
                    Scale = Positive(p.Scale, 1f, "prop_scale", where),
                    Interactable = p.Interactable,
                };
            }
            return room;
        }

        public static TextureContent DecodeTexture(Texture t)
        {
            Side("texture_size", "width", t.Width, 1, MaxTextureSide);
            Side("texture_size", "height", t.Height, 1, MaxTextureSide);
            int w = (int)t.Width, h = (int)t.Height;
            byte[] rgb = t.Rgb8.ToByteArray();
            if (rgb.Length != w * h * 3)
                throw new ContentException("texture_size", "rgb8",
                    rgb.Length + " bytes for a " + w + "x" + h + " RGB8 texture (expected " + (w * h * 3) + ")");
            return new TextureContent
            {
                Width = w,
                Height = h,
                Rgb8 = rgb,
                Tileable = t.Tileable,
                MaterialFamily = t.MaterialFamily ?? "",
            };
        }

        public static TerrainContent DecodeTerrain(Terrain t)
        {
            Side("terrain_size", "width", t.Width, 2, MaxTerrainSide);
            Side("terrain_size", "height", t.Height, 2, MaxTerrainSide);
            int w = (int)t.Width, h = (int)t.Height;
            if (t.HeightsM.Count != w * h)
                throw new ContentException("terrain_size", "heights_m",
                    t.HeightsM.Count + " heights for a " + w + "x" + h + " terrain (expected " + (w * h) + ")");
            var heights = new float[w * h];
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            for (int i = 0; i < heights.Length; i++)
            {
                float v = t.HeightsM[i];
                if (float.IsNaN(v) || float.IsInfinity(v))
                    throw new ContentException("terrain_height", "(" + (i % w) + ", " + (i / w) + ")",
                        "not a finite height");
                heights[i] = v;
                if (v < min) min = v;
                if (v > max) max = v;
            }
            return new TerrainContent
            {
                Width = w,
                Height = h,
                HeightsM = heights,
                CellSizeM = Positive(t.CellSizeM, DefaultCellSizeM, "cell_size", "cell_size_m"),
                MinM = min,
                MaxM = max,
            };
        }

        public static CharacterContent DecodeCharacter(CharacterParams c)
        {
            if (c.Names.Count != c.Values.Count)
                throw new ContentException("character_params", "names/values",
                    c.Names.Count + " names for " + c.Values.Count + " values");
            if (c.Values.Count == 0 || c.Values.Count > MaxCharacterParams)
                throw new ContentException("character_params", "values",
                    c.Values.Count + " parameters (expected 1.." + MaxCharacterParams + ")");
            var seen = new HashSet<string>();
            var names = new string[c.Names.Count];
            var values = new float[c.Values.Count];
            for (int i = 0; i < names.Length; i++)
            {
                string n = c.Names[i];
                if (string.IsNullOrEmpty(n) || !seen.Add(n))
                    throw new ContentException("character_params", "names[" + i + "]",
                        string.IsNullOrEmpty(n) ? "empty name" : "duplicate name '" + n + "'");
                float v = c.Values[i];
                if (float.IsNaN(v) || float.IsInfinity(v))
                    throw new ContentException("character_params", "values[" + i + "] (" + n + ")", "not finite");
                names[i] = n;
                values[i] = v;
            }
            return new CharacterContent { Names = names, Values = values };
        }
    }
}
