// Pseudonymous player and session ids made on the headset: a salted SHA-256 of the device id, never a
// name, account or serial (protos/vrbridge.proto, FeedbackEvent.player_id). The salt stays on the device.
using System;
using System.Security.Cryptography;
using System.Text;

namespace VRBridge.Logic
{
    public static class PlayerIdentity
    {
        /// <summary>"p-" + 32 hex chars: the first 16 bytes of SHA-256(salt + "\n" + deviceId).</summary>
        public static string Pseudonym(string salt, string deviceId)
        {
            if (string.IsNullOrEmpty(salt))
                throw new ArgumentException("a pseudonym needs a non-empty salt, or it is only a hash of the device id");
            using (var sha = SHA256.Create())
            {
                byte[] digest = sha.ComputeHash(Encoding.UTF8.GetBytes(salt + "\n" + (deviceId ?? "")));
                return "p-" + Hex(digest, 16);
            }
        }

        /// <summary>A fresh random salt (32 hex chars) to keep on the device.</summary>
        public static string NewSalt()
        {
            return Hex(RandomBytes(16), 16);
        }

        /// <summary>"s-" + UTC time + random suffix, e.g. "s-20250101T120000-1a2b3c4d".</summary>
        public static string NewSessionId(DateTime utcNow)
        {
            return "s-" + utcNow.ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture) +
                   "-" + Hex(RandomBytes(4), 4);
        }

        static byte[] RandomBytes(int n)
        {
            var bytes = new byte[n];
            using (var rng = RandomNumberGenerator.Create())
                rng.GetBytes(bytes);
            return bytes;
        }

        static string Hex(byte[] bytes, int count)
        {
            var sb = new StringBuilder(count * 2);
            for (int i = 0; i < count; i++)
                sb.Append(bytes[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }
}
