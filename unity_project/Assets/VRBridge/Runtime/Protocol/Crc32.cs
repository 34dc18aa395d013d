// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320): the checksum Python's zlib.crc32 computes.
// Unity has no System.IO.Hashing, so the chunk reassembly check carries its own.
namespace VRBridge.Protocol
{
    /// <summary>Incremental CRC-32 equal to Python's <c>zlib.crc32</c>.</summary>
    public sealed class Crc32
    {
        static readonly uint[] Table = BuildTable();
        uint m_State = 0xFFFFFFFFu;

        /// <summary>The CRC of everything appended so far.</summary>
        public uint Value { get { return m_State ^ 0xFFFFFFFFu; } }

        public void Append(byte[] data)
        {
            Append(data, 0, data.Length);
        }

        public void Append(byte[] data, int offset, int count)
        {
            uint crc = m_State;
            int end = offset + count;
            for (int i = offset; i < end; i++)
                crc = Table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            m_State = crc;
        }

        /// <summary>CRC-32 of a whole buffer; <c>Compute(b) == zlib.crc32(b)</c>.</summary>
        public static uint Compute(byte[] data)
        {
            var crc = new Crc32();
            crc.Append(data);
            return crc.Value;
        }

        static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            return table;
        }
    }
}
