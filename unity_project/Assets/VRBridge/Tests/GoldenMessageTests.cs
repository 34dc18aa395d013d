// The C# side builds the same messages as tests/unity/unity_golden.py and must produce the same bytes:
// what the scene sends (acks, feedback batches) is byte-for-byte what Python expects, and what the
// standalone generator builds (rooms with their props) is what Python would have sent.
using System;
using Google.Protobuf;
using NUnit.Framework;
using VRBridge.Logic;
using VRBridge.Protocol;

namespace VRBridge.Tests
{
    [TestFixture]
    public class GoldenMessageTests
    {
        const string Player = "p-0123456789abcdef0123456789abcdef";
        const string Session = "s-20250101T000000-00c0ffee";

        static Provenance GoldenProvenance()
        {
            var p = new Provenance { Generator = "procedural/golden@1", Seed = 7, Policy = "golden", CreatedUnixS = 1700000000.0 };
            p.Latent.Add(0.5f);
            p.Latent.Add(-0.25f);
            p.Condition.Add(1f);
            return p;
        }

        [Test]
        public void AcksMatchPythonBytes()
        {
            CollectionAssert.AreEqual(GoldenFiles.Bytes("ack_applied.bin"),
                Acks.Applied("room-0001", 2.5, 12.25f).ToByteArray());
            CollectionAssert.AreEqual(GoldenFiles.Bytes("ack_rejected.bin"),
                Acks.Rejected("room-0001", "tile_class at (3, 7): 12 is not a tile class (0..8)", 3.0).ToByteArray());
        }

        [Test]
        public void FeedbackAggregatorBatchMatchesPythonBytes()
        {
            double now = 100.0; // the session starts at 100 s on the scene clock
            var agg = new FeedbackAggregator(Player, "", () => now);
            agg.StartSession(Session, "Quest 3 via Link", "0.1.0");
            now = 101.0;
            agg.ContentApplied("room-0001");
            now = 101.5;
            agg.GazeDwell("room/prop/3", 2.25f, GazeSource.Head);
            now = 103.0;
            agg.Rating(4f, 1f, 5f);
            now = 104.25;
            agg.Interaction("room/prop/7", InteractionKind.Select, 1.5f);
            now = 105.0;
            agg.Comfort(0.5f, "motion");
            now = 110.0;
            agg.Locomotion(new LocomotionSample { SpeedMps = 0.75f, DistanceM = 3.75f, TurnRateDps = 12.5f, WindowS = 5f });
            now = 160.0;
            agg.EndSession("quit");
            FeedbackBatch batch = agg.TakeBatch();
            CollectionAssert.AreEqual(GoldenFiles.Bytes("feedback_batch.bin"), batch.ToByteArray());
            Assert.IsNull(agg.TakeBatch());
        }

        [Test]
        public void PythonFeedbackBatchParses()
        {
            var batch = FeedbackBatch.Parser.ParseFrom(GoldenFiles.Bytes("feedback_batch.bin"));
            Schema.Check(batch.Header, "feedback batch");
            Assert.AreEqual(7, batch.Events.Count);
            Assert.AreEqual(FeedbackEvent.EventOneofCase.SessionStart, batch.Events[0].EventCase);
            Assert.AreEqual(FeedbackEvent.EventOneofCase.SessionEnd, batch.Events[6].EventCase);
        }

        [Test]
        public void RoomWithPropsPlacedLikePython()
        {
            var golden = ContentMessage.Parser.ParseFrom(GoldenFiles.Bytes("content_room.bin"));
            byte[] tiles = golden.Room.Tiles.ToByteArray();
            var ints = new int[tiles.Length];
            for (int i = 0; i < tiles.Length; i++) ints[i] = tiles[i];
            var msg = GeneratorOutputs.Message("room-0001", "main_room", GoldenProvenance());
            msg.Kind = ContentKind.Room;
            msg.Room = GeneratorOutputs.Room(ints, 32, 32, 1f);
            CollectionAssert.AreEqual(GoldenFiles.Bytes("content_room.bin"), msg.ToByteArray());
        }

        [Test]
        public void TextureTerrainCharacterMatchPythonBytes()
        {
            // texture: Python's (x*4, y*4, (x+y)*2) pattern, built through the generator-output path
            var chw = new float[3 * 64 * 64];
            for (int y = 0; y < 64; y++)
            {
                for (int x = 0; x < 64; x++)
                {
                    int i = y * 64 + x;
                    chw[i] = ((x * 4) & 255) / 255f;
                    chw[4096 + i] = ((y * 4) & 255) / 255f;
                    chw[8192 + i] = (((x + y) * 2) & 255) / 255f;
                }
            }
            var tex = GeneratorOutputs.Message("texture-0001", "wall_texture", GoldenProvenance());
            tex.Kind = ContentKind.Texture;
            tex.Texture = GeneratorOutputs.Texture(chw, 64, 64);
            tex.Texture.Tileable = true;
            tex.Texture.MaterialFamily = "golden";
            CollectionAssert.AreEqual(GoldenFiles.Bytes("content_texture.bin"), tex.ToByteArray());

            var heights = new float[64 * 64];
            for (int y = 0; y < 64; y++)
                for (int x = 0; x < 64; x++)
                    heights[y * 64 + x] = 0.25f * x - 0.125f * y + 1f;
            var terrain = GeneratorOutputs.Message("terrain-0001", "terrain", GoldenProvenance());
            terrain.Kind = ContentKind.Terrain;
            terrain.Terrain = GeneratorOutputs.Terrain(heights, 64, 64, 1f);
            CollectionAssert.AreEqual(GoldenFiles.Bytes("content_terrain.bin"), terrain.ToByteArray());

            var character = GeneratorOutputs.Message("character-0001", "character", GoldenProvenance());
            character.Kind = ContentKind.Character;
            character.Character = GeneratorOutputs.Character(new[] { 1.25f, 0.5f, 0.25f, 0.75f, 0.5f },
                new[] { "scale", "color.skin.r", "color.skin.g", "color.skin.b", "smile" });
            CollectionAssert.AreEqual(GoldenFiles.Bytes("content_character.bin"), character.ToByteArray());
        }

        [Test]
        public void PseudonymMatchesPythonSha256()
        {
            var lines = GoldenFiles.Lines("pseudonym.txt");
            Assert.AreEqual(lines[2], PlayerIdentity.Pseudonym(lines[0], lines[1]));
        }

        [Test]
        public void ChannelIdsAreTheDocumentedOnes()
        {
            Assert.AreEqual(new Guid("a6ddba24-6a62-44f3-b583-9a3ec0c8ce5a"), ChannelIds.Feedback);
            Assert.AreEqual(new Guid("a45ab702-c55f-4147-8e08-d62278fd01d6"), ChannelIds.Content);
            Assert.AreEqual(new Guid("91772481-cf95-49a7-9d49-dd3197cd2166"), ChannelIds.Ack);
        }
    }
}
