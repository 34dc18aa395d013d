using Google.Protobuf;
using NUnit.Framework;
using VRBridge.Protocol;

namespace VRBridge.Tests
{
    [TestFixture]
    public class ContentDecoderTests
    {
        static ContentMessage Golden(string name)
        {
            return ContentMessage.Parser.ParseFrom(GoldenFiles.Bytes(name));
        }

        static ContentException Broken(ContentMessage msg)
        {
            return Assert.Throws<ContentException>(() => ContentDecoder.Decode(msg));
        }

        [Test]
        public void DecodesThePythonRoom()
        {
            DecodedContent d = ContentDecoder.Decode(Golden("content_room.bin"));
            Assert.AreEqual(ContentKind.Room, d.Kind);
            Assert.AreEqual("main_room", d.Slot);
            Assert.AreEqual(32, d.Room.Width);
            Assert.AreEqual(TileClass.Wall, d.Room.At(0, 0));
            Assert.AreEqual(TileClass.Door, d.Room.At(16, 0));
            Assert.AreEqual(TileClass.Spawn, d.Room.At(16, 30));
            Assert.AreEqual(1f, d.Room.TileSizeM);
            Assert.AreEqual(5, d.Room.Props.Length);
            Assert.AreEqual(2f, d.Room.Props[2].Scale, "the 2x2 large prop");
            Assert.AreEqual("procedural/golden@1", d.Provenance.Generator);
        }

        [Test]
        public void DecodesThePythonTextureTerrainAndCharacter()
        {
            DecodedContent t = ContentDecoder.Decode(Golden("content_texture.bin"));
            Assert.AreEqual(64 * 64 * 3, t.Texture.Rgb8.Length);
            Assert.AreEqual(4 * 5, t.Texture.Rgb8[5 * 3], "r = 4x at (5, 0)");
            Assert.IsTrue(t.Texture.Tileable);
            DecodedContent h = ContentDecoder.Decode(Golden("content_terrain.bin"));
            Assert.AreEqual(1f, h.Terrain.HeightsM[0]);
            Assert.AreEqual(1f - 0.125f * 63, h.Terrain.MinM);
            Assert.AreEqual(1f + 0.25f * 63, h.Terrain.MaxM);
            DecodedContent c = ContentDecoder.Decode(Golden("content_character.bin"));
            CollectionAssert.AreEqual(new[] { "scale", "color.skin.r", "color.skin.g", "color.skin.b", "smile" }, c.Character.Names);
        }

        [Test]
        public void RejectsUnknownTileClassesNamingWhere()
        {
            var msg = Golden("content_room.bin");
            byte[] tiles = msg.Room.Tiles.ToByteArray();
            tiles[7 * 32 + 3] = 12;
            msg.Room.Tiles = ByteString.CopyFrom(tiles);
            var e = Broken(msg);
            Assert.AreEqual("tile_class", e.Rule);
            Assert.AreEqual("(3, 7)", e.Where);
        }

        [Test]
        public void RejectsSizeMismatches()
        {
            var room = Golden("content_room.bin");
            room.Room.Width = 31;
            Assert.AreEqual("room_size", Broken(room).Rule);
            var tex = Golden("content_texture.bin");
            tex.Texture.Height = 65;
            Assert.AreEqual("texture_size", Broken(tex).Rule);
            var terrain = Golden("content_terrain.bin");
            terrain.Terrain.HeightsM.RemoveAt(0);
            Assert.AreEqual("terrain_size", Broken(terrain).Rule);
            var huge = Golden("content_texture.bin");
            huge.Texture.Width = 5000;
            Assert.AreEqual("texture_size", Broken(huge).Rule);
        }

        [Test]
        public void RejectsKindThatDisagreesWithPayload()
        {
            var msg = Golden("content_room.bin");
            msg.Kind = ContentKind.Texture;
            Assert.AreEqual("kind", Broken(msg).Rule);
            var none = new ContentMessage { Header = Schema.Header(), ContentId = "x", Kind = ContentKind.Room };
            Assert.AreEqual("payload", Broken(none).Rule);
        }

        [Test]
        public void RejectsPropsOutsideTheRoomAndEmptyKeys()
        {
            var msg = Golden("content_room.bin");
            msg.Room.Props[0].X = 32;
            Assert.AreEqual("prop_position", Broken(msg).Rule);
            msg = Golden("content_room.bin");
            msg.Room.Props[1].PropId = "";
            Assert.AreEqual("prop_id", Broken(msg).Rule);
        }

        [Test]
        public void RejectsNonFiniteNumbers()
        {
            var terrain = Golden("content_terrain.bin");
            terrain.Terrain.HeightsM[100] = float.NaN;
            Assert.AreEqual("terrain_height", Broken(terrain).Rule);
            var character = Golden("content_character.bin");
            character.Character.Values[4] = float.PositiveInfinity;
            Assert.AreEqual("character_params", Broken(character).Rule);
            var room = Golden("content_room.bin");
            room.Room.TileSizeM = -1f;
            Assert.AreEqual("tile_size", Broken(room).Rule);
        }

        [Test]
        public void RejectsCharacterNameProblems()
        {
            var c = Golden("content_character.bin");
            c.Character.Values.Add(1f);
            Assert.AreEqual("character_params", Broken(c).Rule);
            c = Golden("content_character.bin");
            c.Character.Names[1] = "scale";
            StringAssert.Contains("duplicate", Broken(c).Message);
        }

        [Test]
        public void RejectsEmptyIdAndOtherMajorVersions()
        {
            var msg = Golden("content_character.bin");
            msg.ContentId = "";
            Assert.AreEqual("content_id", Broken(msg).Rule);
            msg = Golden("content_character.bin");
            msg.Header.Major = 3;
            Assert.Throws<ProtocolVersionException>(() => ContentDecoder.Decode(msg));
        }

        [Test]
        public void UnsetSizesFallBackToDefaults()
        {
            var msg = Golden("content_room.bin");
            msg.Room.TileSizeM = 0f;
            Assert.AreEqual(ContentDecoder.DefaultTileSizeM, ContentDecoder.Decode(msg).Room.TileSizeM);
        }
    }
}
