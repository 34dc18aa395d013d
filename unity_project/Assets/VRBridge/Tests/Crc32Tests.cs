using NUnit.Framework;
using VRBridge.Protocol;

namespace VRBridge.Tests
{
    [TestFixture]
    public class Crc32Tests
    {
        [Test]
        public void StandardCheckValue()
        {
            Assert.AreEqual(0xCBF43926u, Crc32.Compute(System.Text.Encoding.ASCII.GetBytes("123456789")));
            Assert.AreEqual(0u, Crc32.Compute(new byte[0]));
        }

        [Test]
        public void MatchesPythonZlibOnGoldenInputs()
        {
            var lines = GoldenFiles.Lines("crc32.txt");
            Assert.Greater(lines.Count, 3);
            foreach (string line in lines)
            {
                string[] parts = line.Split(' ');
                byte[] data = parts.Length > 1 ? GoldenFiles.FromHex(parts[1]) : new byte[0];
                Assert.AreEqual(uint.Parse(parts[0]), Crc32.Compute(data), "zlib.crc32 of " + line);
            }
        }

        [Test]
        public void MatchesPythonZlibOnEveryGoldenFile()
        {
            foreach (string line in GoldenFiles.Lines("manifest.txt"))
            {
                string[] parts = line.Split(' ');
                byte[] data = GoldenFiles.Bytes(parts[0]);
                Assert.AreEqual(int.Parse(parts[2]), data.Length, parts[0]);
                Assert.AreEqual(uint.Parse(parts[1]), Crc32.Compute(data), parts[0]);
            }
        }

        [Test]
        public void IncrementalEqualsWhole()
        {
            byte[] data = GoldenFiles.Bytes("content_texture.bin");
            var crc = new Crc32();
            crc.Append(data, 0, 1000);
            crc.Append(data, 1000, data.Length - 1000);
            Assert.AreEqual(Crc32.Compute(data), crc.Value);
        }
    }
}
