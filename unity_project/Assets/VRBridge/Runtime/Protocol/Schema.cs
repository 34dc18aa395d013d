// The schema header every top-level vrbridge message carries, and the version rule both peers apply:
// any minor version of the same major is accepted, a different major is rejected naming both.
namespace VRBridge.Protocol
{
    public static class Schema
    {
        public const uint Major = 1;
        public const uint Minor = 0;

        /// <summary>The header every message this scene sends carries.</summary>
        public static SchemaHeader Header()
        {
            return new SchemaHeader { Major = Major, Minor = Minor };
        }

        /// <summary>Throws <see cref="ProtocolVersionException"/> unless <paramref name="header"/> has our
        /// major version. A missing header reads as 0.0, as it does in Python.</summary>
        public static void Check(SchemaHeader header, string what)
        {
            uint major = header == null ? 0u : header.Major;
            uint minor = header == null ? 0u : header.Minor;
            if (major != Major)
            {
                throw new ProtocolVersionException(
                    what + " uses vrbridge schema " + major + "." + minor + ", this scene speaks " +
                    Major + "." + Minor + ". Update the side that is behind so both share the major " +
                    "version (regenerate the C# classes from protos/ with scripts/gen_csharp.sh).");
            }
        }
    }
}
