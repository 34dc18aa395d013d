// Finds and reads the golden byte vectors that tests/unity/unity_golden.py writes with Python's protobuf.
// The same lookup works in Unity's Test Runner (paths relative to the project) and under mono.
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;

namespace VRBridge.Tests
{
    public static class GoldenFiles
    {
        public static string Dir { get { return Locate(); } }

        static string Locate([CallerFilePath] string thisFile = "")
        {
            string env = Environment.GetEnvironmentVariable("VRBRIDGE_GOLDEN_DIR");
            if (!string.IsNullOrEmpty(env)) return env;
            return Path.Combine(Path.GetDirectoryName(thisFile), "Golden");
        }

        public static byte[] Bytes(string name)
        {
            string path = Path.Combine(Dir, name);
            if (!File.Exists(path))
                throw new FileNotFoundException("golden file missing (python -m tests.unity.unity_golden writes it)", path);
            return File.ReadAllBytes(path);
        }

        /// <summary>The non-comment lines of a golden text file.</summary>
        public static List<string> Lines(string name)
        {
            var lines = new List<string>();
            foreach (string line in File.ReadAllLines(Path.Combine(Dir, name)))
                if (line.Length > 0 && !line.StartsWith("#")) lines.Add(line);
            return lines;
        }

        public static byte[] FromHex(string hex)
        {
            var bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
                bytes[i] = Convert.ToByte(hex.Substring(2 * i, 2), 16);
            return bytes;
        }
    }
}
