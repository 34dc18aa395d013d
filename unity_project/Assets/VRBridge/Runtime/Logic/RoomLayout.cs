// A room's tile grid as the list of pieces to spawn, in the order a player should see them appear:
// floors, then walls and doors, then props. Positions are metres around the slot's origin, +Z = north.
using System.Collections.Generic;
using VRBridge.Protocol;

namespace VRBridge.Logic
{
    public enum PieceKind { Floor, Wall, Door, Spawn, Prop }

    public struct RoomPiece
    {
        public PieceKind Kind;
        /// <summary>Prefab key: "floor", "wall", "door", "spawn", or a prop's prop_id.</summary>
        public string Key;
        /// <summary>Gaze/interaction element id, e.g. "room/wall", "room/door/0", "room/prop/12".</summary>
        public string ElementId;
        public int X, Y;
        public float PosX, PosZ;
        /// <summary>Unity yaw in degrees (clockwise seen from above; 0 faces +Z, north).</summary>
        public float YawDeg;
        public float Scale;
        public bool Interactable;
    }

    public static class RoomLayout
    {
        public const string FloorKey = "floor", WallKey = "wall", DoorKey = "door", SpawnKey = "spawn";

        /// <summary>Every piece of <paramref name="room"/>; see the class comment for order and axes.</summary>
        public static List<RoomPiece> Plan(RoomContent room)
        {
            var floors = new List<RoomPiece>();
            var structure = new List<RoomPiece>();
            var props = new List<RoomPiece>();
            int doors = 0;
            float t = room.TileSizeM;
            for (int y = 0; y < room.Height; y++)
            {
                for (int x = 0; x < room.Width; x++)
                {
                    byte c = room.At(x, y);
                    if (c == TileClass.Void) continue;
                    if (c == TileClass.Wall)
                    {
                        structure.Add(Piece(room, PieceKind.Wall, WallKey, "room/wall", x, y));
                        continue;
                    }
                    // Every walkable or furnished tile stands on a floor.
                    floors.Add(Piece(room, PieceKind.Floor, FloorKey, "room/floor", x, y));
                    if (c == TileClass.Door)
                        structure.Add(Piece(room, PieceKind.Door, DoorKey, "room/door/" + doors++, x, y));
                    else if (c == TileClass.Spawn)
                        structure.Add(Piece(room, PieceKind.Spawn, SpawnKey, "room/spawn", x, y));
                }
            }
            for (int i = 0; i < room.Props.Length; i++)
            {
                PropContent p = room.Props[i];
                RoomPiece piece = Piece(room, PieceKind.Prop, p.PropId, "room/prop/" + i, p.X, p.Y);
                // Python anchors a large prop at its top-left tile, scale = its longer side in tiles:
                // centre it on the tiles it covers (assumes a square footprint).
                float shift = (p.Scale - 1f) * 0.5f * t;
                piece.PosX += shift;
                piece.PosZ -= shift;
                // Python: 0 faces south, clockwise degrees. Unity: yaw 0 faces north (+Z), clockwise.
                piece.YawDeg = Wrap360(180f + p.RotationDeg);
                piece.Scale = p.Scale;
                piece.Interactable = p.Interactable;
                props.Add(piece);
            }
            var all = new List<RoomPiece>(floors.Count + structure.Count + props.Count);
            all.AddRange(floors);
            all.AddRange(structure);
            all.AddRange(props);
            return all;
        }

        /// <summary>Centre of tile (x, y) in metres around the room's centre; row 0 is the north edge (+Z).</summary>
        public static void TileCentre(RoomContent room, int x, int y, out float posX, out float posZ)
        {
            posX = (x - (room.Width - 1) * 0.5f) * room.TileSizeM;
            posZ = ((room.Height - 1) * 0.5f - y) * room.TileSizeM;
        }

        static RoomPiece Piece(RoomContent room, PieceKind kind, string key, string element, int x, int y)
        {
            float px, pz;
            TileCentre(room, x, y, out px, out pz);
            return new RoomPiece
            {
                Kind = kind,
                Key = key,
                ElementId = element,
                X = x,
                Y = y,
                PosX = px,
                PosZ = pz,
                YawDeg = 0f,
                Scale = 1f,
            };
        }

        static float Wrap360(float deg)
        {
            deg %= 360f;
            return deg < 0 ? deg + 360f : deg;
        }
    }
}
