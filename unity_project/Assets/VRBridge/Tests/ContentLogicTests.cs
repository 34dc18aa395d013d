using System.Collections.Generic;
using NUnit.Framework;
using VRBridge.Logic;
using VRBridge.Protocol;

namespace VRBridge.Tests
{
    [TestFixture]
    public class RoomLayoutTests
    {
        static RoomContent GoldenRoom()
        {
            return ContentDecoder.Decode(ContentMessage.Parser.ParseFrom(GoldenFiles.Bytes("content_room.bin"))).Room;
        }

        [Test]
        public void FloorsFirstThenStructureThenProps()
        {
            RoomContent room = GoldenRoom();
            List<RoomPiece> pieces = RoomLayout.Plan(room);
            int walls = 0, floors = 0;
            for (int i = 0; i < room.Tiles.Length; i++)
            {
                if (room.Tiles[i] == TileClass.Wall) walls++;
                else if (room.Tiles[i] != TileClass.Void) floors++;
            }
            Assert.AreEqual(floors + walls + 2 + room.Props.Length, pieces.Count, "door and spawn add a piece each");
            var order = new List<PieceKind>();
            foreach (RoomPiece p in pieces)
                if (order.Count == 0 || order[order.Count - 1] != p.Kind) order.Add(p.Kind);
            Assert.AreEqual(PieceKind.Floor, order[0]);
            Assert.AreEqual(PieceKind.Prop, order[order.Count - 1]);
            Assert.AreEqual(floors, pieces.FindAll(p => p.Kind == PieceKind.Floor).Count);
        }

        [Test]
        public void RowZeroIsNorthAndTheRoomIsCentred()
        {
            RoomContent room = GoldenRoom();
            float x, z;
            RoomLayout.TileCentre(room, 0, 0, out x, out z);
            Assert.AreEqual(-15.5f, x);
            Assert.AreEqual(15.5f, z);
            RoomPiece door = RoomLayout.Plan(room).Find(p => p.Kind == PieceKind.Door);
            Assert.AreEqual("room/door/0", door.ElementId);
            Assert.AreEqual(15.5f, door.PosZ, "the door is on the north edge");
        }

        [Test]
        public void PropRotationAndLargePropCentring()
        {
            List<RoomPiece> props = RoomLayout.Plan(GoldenRoom()).FindAll(p => p.Kind == PieceKind.Prop);
            Assert.AreEqual("small_prop", props[0].Key);
            Assert.AreEqual(180f, props[0].YawDeg, "python 0 (faces south) is Unity yaw 180");
            RoomPiece interactable = props.Find(p => p.Key == "interactable");
            Assert.AreEqual(270f, interactable.YawDeg, "python 90 (faces west, wall east) is Unity yaw 270");
            Assert.IsTrue(interactable.Interactable);
            RoomPiece large = props.Find(p => p.Key == "large_prop");
            Assert.AreEqual(2f, large.Scale);
            Assert.AreEqual((10 - 15.5f) + 0.5f, large.PosX, 1e-6, "centred on its 2x2 tiles");
            Assert.AreEqual((15.5f - 10) - 0.5f, large.PosZ, 1e-6);
            Assert.AreEqual("room/prop/2", large.ElementId);
        }
    }

    [TestFixture]
    public class HeightFieldTests
    {
        [Test]
        public void ResamplesNorthRowsToTheFarEdgeAndNormalises()
        {
            // 2x2 metres: north row (row 0) 2 and 4, south row 0 and 2
            float[] m = { 2f, 4f, 0f, 2f };
            float[,] h = HeightField.ToTerrain(m, 2, 2, 3, 0f, 4f);
            Assert.AreEqual(0f, h[0, 0], "z = 0 is the south-west corner");
            Assert.AreEqual(0.5f, h[0, 2]);
            Assert.AreEqual(0.5f, h[2, 0]);
            Assert.AreEqual(1f, h[2, 2]);
            Assert.AreEqual(0.5f, h[1, 1], 1e-6, "bilinear centre");
        }

        [Test]
        public void ClampsToTheTerrainHeight()
        {
            float[,] h = HeightField.ToTerrain(new[] { -5f, 10f, 1f, 1f }, 2, 2, 2, 0f, 4f);
            Assert.AreEqual(0f, h[1, 0]);
            Assert.AreEqual(1f, h[1, 1]);
        }
    }

    [TestFixture]
    public class CharacterParamMapTests
    {
        [Test]
        public void ScaleColoursAndBlendshapes()
        {
            var c = ContentDecoder.Decode(ContentMessage.Parser.ParseFrom(GoldenFiles.Bytes("content_character.bin"))).Character;
            CharacterParamMap map = CharacterParamMap.From(c.Names, c.Values);
            Assert.AreEqual(1.25f, map.Scale.Value);
            CollectionAssert.AreEqual(new[] { 0.5f, 0.25f, 0.75f }, map.Colours["skin"]);
            Assert.AreEqual(50f, map.BlendShapes["smile"]);
            Assert.AreEqual(1, map.BlendShapes.Count);
        }

        [Test]
        public void ClampsAndKeepsUnsentChannels()
        {
            CharacterParamMap map = CharacterParamMap.From(new[] { "scale", "color.cloth.g", "brow" }, new[] { 9f, 2f, -1f });
            Assert.AreEqual(2f, map.Scale.Value);
            Assert.IsTrue(float.IsNaN(map.Colours["cloth"][0]));
            Assert.AreEqual(1f, map.Colours["cloth"][1]);
            Assert.AreEqual(0f, map.BlendShapes["brow"]);
        }
    }

    [TestFixture]
    public class GeneratorOutputsTests
    {
        [Test]
        public void ArgMaxOverClasses()
        {
            // 3 classes, 2 tiles: tile 0 -> class 2, tile 1 -> class 0
            float[] logits = { 0.1f, 0.9f, 0.2f, 0.0f, 0.7f, 0.3f };
            CollectionAssert.AreEqual(new[] { 2, 0 }, GeneratorOutputs.ArgMaxClasses(logits, 3, 2, 1));
        }

        [Test]
        public void RoomFromLayersMatchesPython()
        {
            // Same inputs as rooms.room_from_layers(layers, 0.2, 0.3) was given to produce the expected
            // ids: a 24x24 walkable area with a wall across it and one 2-wide doorway; smooth prop,
            // class, spawn and door scores.
            const int n = 32;
            var layers = new float[9 * n * n];
            for (int r = 0; r < n; r++)
                for (int c = 0; c < n; c++)
                {
                    int i = r * n + c;
                    bool inside = r >= 3 && r <= 26 && c >= 4 && c <= 27 && ((r != 14 && r != 15) || c == 10);
                    layers[i] = inside ? 3f : -3f;
                    layers[n * n + i] = (float)(3.0 * System.Math.Sin(0.45 * r + 0.8 * c) - 1.0);
                    for (int k = 0; k < 4; k++)
                        layers[(2 + k) * n * n + i] = (float)(2.0 * System.Math.Sin(0.9 * k + 0.31 * r + 0.17 * c));
                    layers[6 * n * n + i] = (float)System.Math.Cos(0.21 * r * c);
                    layers[7 * n * n + i] = (float)(2.0 * System.Math.Sin(0.5 * r - 0.3 * c));
                }
            string expected =
                "02222002222220022222200222220000" +
                "02662022555520225588202288820000" +
                "02622225555222255882222888822222" +
                "02521111114111111111111111111272" +
                "02221111111111111111111111111272" +
                "00031111111111111111111111111762" +
                "00031111111111111111111111111662" +
                "00021111111111111111111111111662" +
                "00221111111111111111111111111552" +
                "00251111111111111111111111111552" +
                "02281111111111111111111111111522" +
                "02881111111111111111111111111520" +
                "02881111111111111111111111111220" +
                "02881111111111111111111111111200" +
                "02881111111111111111111111111200" +
                "02882222771122226552222255522200" +
                "02821111111111111111111111111222" +
                "02721111111111111111111111111282" +
                "02221111111111111111111111111282" +
                "00031111111111111111111111111882" +
                "00031111111111111111111111111882" +
                "00021111111111111111111111111882" +
                "00221111111111111111111111111872" +
                "00251111111111111111111111111772" +
                "02251111111111111111111111111722" +
                "02551111111111111111111111111720" +
                "02551111111111111111111111111220" +
                "02551111111111111111111111111200" +
                "02552222888822228887233276662200" +
                "02552002888820028872200266622000" +
                "02222002222220022222000222220000" +
                "00000000000000000000000000000000";
            int[] ids = GeneratorOutputs.RoomFromLayers(layers, n, n, 0.2f, 0.3f);
            var got = new System.Text.StringBuilder();
            foreach (int t in ids) got.Append(t);
            Assert.AreEqual(expected, got.ToString());
        }

        [Test]
        public void UnknownClassesBecomeVoidAndTexturesClamp()
        {
            RoomGrid g = GeneratorOutputs.Room(new[] { 1, 9, -1, 2 }, 2, 2);
            CollectionAssert.AreEqual(new byte[] { 1, 0, 0, 2 }, g.Tiles.ToByteArray());
            Texture t = GeneratorOutputs.Texture(new[] { -1f, 2f, 0.5f }, 1, 1);
            CollectionAssert.AreEqual(new byte[] { 0, 255, 128 }, t.Rgb8.ToByteArray());
        }

        [Test]
        public void LatentFromActionPadsAndScales()
        {
            CollectionAssert.AreEqual(new[] { 1f, -2f, 0f }, GeneratorOutputs.LatentFromAction(new[] { 0.5f, -1f }, 3, 2f));
            Assert.AreEqual(2, GeneratorOutputs.LatentFromAction(new[] { 1f, 1f, 1f }, 2, 1f).Length);
        }
    }
}
