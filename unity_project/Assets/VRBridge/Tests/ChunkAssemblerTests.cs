using System;
using System.Collections.Generic;
using Google.Protobuf;
using NUnit.Framework;
using VRBridge.Protocol;

namespace VRBridge.Tests
{
    [TestFixture]
    public class ChunkAssemblerTests
    {
        double m_Now;

        ChunkAssembler NewAssembler(int maxMessage = ChunkAssembler.MaxMessageBytes, int maxPartials = 4)
        {
            m_Now = 0;
            return new ChunkAssembler(maxMessage, 60.0, maxPartials, () => m_Now);
        }

        static List<ContentChunk> TextureChunks()
        {
            var chunks = new List<ContentChunk>();
            for (int i = 0; i < 4; i++)
                chunks.Add(ContentChunk.Parser.ParseFrom(GoldenFiles.Bytes("chunk_texture_00" + i + ".bin")));
            return chunks;
        }

        static ContentChunk Single(byte[] data, string id = "c1")
        {
            return new ContentChunk
            {
                Header = Schema.Header(),
                ContentId = id,
                Index = 0,
                Count = 1,
                TotalBytes = (uint)data.Length,
                Crc32 = Crc32.Compute(data),
                Data = ByteString.CopyFrom(data),
            };
        }

        [Test]
        public void PythonChunksReassembleToPythonMessageBytes()
        {
            var asm = NewAssembler();
            var chunks = TextureChunks();
            Assert.AreEqual(4, chunks[0].Count);
            ContentMessage msg = null;
            foreach (var c in chunks)
            {
                Assert.IsNull(msg, "complete before the last chunk");
                msg = asm.Add(c);
            }
            Assert.IsNotNull(msg);
            CollectionAssert.AreEqual(GoldenFiles.Bytes("content_texture.bin"), msg.ToByteArray());
            Assert.AreEqual(0, asm.Pending);
        }

        [Test]
        public void OrderDoesNotMatterAndResentChunksReplace()
        {
            var asm = NewAssembler();
            var c = TextureChunks();
            Assert.IsNull(asm.Add(c[3]));
            Assert.IsNull(asm.Add(c[1]));
            Assert.IsNull(asm.Add(c[1]));
            Assert.IsNull(asm.Add(c[0]));
            Assert.AreEqual(1, asm.Pending);
            Assert.AreEqual("texture-0001", asm.Add(c[2]).ContentId);
        }

        [Test]
        public void RejectsIndexOutOfCount()
        {
            var asm = NewAssembler();
            var c = TextureChunks()[0];
            asm.Add(c);
            var bad = c.Clone();
            bad.Index = 4;
            var e = Assert.Throws<MessageException>(() => asm.Add(bad));
            StringAssert.Contains("index 4 of count 4", e.Message);
            Assert.AreEqual(0, asm.Pending, "the partial of that id is dropped");
        }

        [Test]
        public void RejectsZeroCount()
        {
            var c = Single(new byte[] { 1 });
            c.Count = 0;
            Assert.Throws<MessageException>(() => NewAssembler().Add(c));
        }

        [Test]
        public void RejectsMessagesOverTheCap()
        {
            var c = Single(new byte[10]);
            c.TotalBytes = ChunkAssembler.MaxMessageBytes + 1u;
            var e = Assert.Throws<MessageException>(() => NewAssembler().Add(c));
            StringAssert.Contains("over the", e.Message);
            var small = NewAssembler(maxMessage: 5);
            Assert.Throws<MessageException>(() => small.Add(Single(new byte[10])));
        }

        [Test]
        public void RejectsChunksOverOneMiB()
        {
            var c = Single(new byte[ChunkAssembler.MaxChunkBytes + 1]);
            var e = Assert.Throws<MessageException>(() => NewAssembler().Add(c));
            StringAssert.Contains("chunk cap", e.Message);
        }

        [Test]
        public void RejectsChunksThatDisagreeWithEarlierOnes()
        {
            var asm = NewAssembler();
            var c = TextureChunks();
            asm.Add(c[0]);
            var bad = c[1].Clone();
            bad.Crc32 ^= 1u;
            var e = Assert.Throws<MessageException>(() => asm.Add(bad));
            StringAssert.Contains("disagrees", e.Message);
            Assert.AreEqual(0, asm.Pending);
        }

        [Test]
        public void RejectsCrcMismatch()
        {
            byte[] data = GoldenFiles.Bytes("content_character.bin");
            var c = Single(data);
            c.Crc32 ^= 0x10u;
            var e = Assert.Throws<MessageException>(() => NewAssembler().Add(c));
            StringAssert.Contains("CRC", e.Message);
        }

        [Test]
        public void RejectsMoreDataThanAnnounced()
        {
            var c = Single(new byte[100]);
            c.TotalBytes = 50;
            Assert.Throws<MessageException>(() => NewAssembler().Add(c));
        }

        [Test]
        public void RejectsBytesThatAreNotAContentMessage()
        {
            var e = Assert.Throws<MessageException>(() => NewAssembler().Add(Single(new byte[] { 0xFF, 0xFF, 0xFF })));
            StringAssert.Contains("not a valid ContentMessage", e.Message);
        }

        [Test]
        public void RejectsMissingContentId()
        {
            Assert.Throws<MessageException>(() => NewAssembler().Add(Single(new byte[] { 1 }, "")));
        }

        [Test]
        public void RejectsAnotherMajorSchemaNamingBothVersions()
        {
            var c = ContentChunk.Parser.ParseFrom(GoldenFiles.Bytes("chunk_v2.bin"));
            var e = Assert.Throws<ProtocolVersionException>(() => NewAssembler().Add(c));
            StringAssert.Contains("2.1", e.Message);
            StringAssert.Contains("1.0", e.Message);
        }

        [Test]
        public void AcceptsANewerMinorVersion()
        {
            var c = Single(GoldenFiles.Bytes("content_character.bin"));
            c.Header.Minor = 7;
            Assert.IsNotNull(NewAssembler().Add(c));
        }

        [Test]
        public void DropsStalePartials()
        {
            var asm = NewAssembler();
            var c = TextureChunks();
            asm.Add(c[0]);
            m_Now = 61;
            asm.Add(Single(GoldenFiles.Bytes("content_character.bin"), "other"));
            Assert.AreEqual(0, asm.Pending, "the stale texture partial is gone");
            Assert.IsNull(asm.Add(c[1]), "its later chunks start over");
        }

        [Test]
        public void BoundsHowManyMessagesArriveAtOnce()
        {
            var asm = NewAssembler(maxPartials: 2);
            var c = TextureChunks();
            for (int i = 0; i < 3; i++)
            {
                m_Now = i;
                var part = c[0].Clone();
                part.ContentId = "t" + i;
                asm.Add(part);
            }
            Assert.AreEqual(2, asm.Pending);
        }
    }

    [TestFixture]
    public class ContentReceiverTests
    {
        [Test]
        public void CompletesFromRawPythonBytes()
        {
            var r = new ContentReceiver();
            ReceiveResult last = default(ReceiveResult);
            for (int i = 0; i < 4; i++)
            {
                last = r.Receive(GoldenFiles.Bytes("chunk_texture_00" + i + ".bin"));
                Assert.AreEqual(i < 3 ? ReceiveStatus.Partial : ReceiveStatus.Complete, last.Status);
                Assert.AreEqual("texture-0001", last.ContentId);
            }
            Assert.AreEqual(64u, last.Message.Texture.Width);
        }

        [Test]
        public void RejectsEmptyGarbageOversizedAndWrongVersion()
        {
            var r = new ContentReceiver();
            Assert.AreEqual(ReceiveStatus.Rejected, r.Receive(new byte[0]).Status);
            Assert.AreEqual(ReceiveStatus.Rejected, r.Receive(new byte[] { 0x0A, 0xFF }).Status);
            var big = r.Receive(new byte[ContentReceiver.MaxRawBytes + 1]);
            Assert.AreEqual(ReceiveStatus.Rejected, big.Status);
            StringAssert.Contains("cap", big.Reason);
            var v2 = r.Receive(GoldenFiles.Bytes("chunk_v2.bin"));
            Assert.AreEqual(ReceiveStatus.Rejected, v2.Status);
            Assert.AreEqual("character-0001", v2.ContentId, "the ack can name the content");
            StringAssert.Contains("schema 2.1", v2.Reason);
        }
    }
}
