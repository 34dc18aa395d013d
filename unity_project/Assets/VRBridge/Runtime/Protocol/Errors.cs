// The C# side's error tree, mirroring python_bridge/errors.py: one root, small named subclasses
// whose messages say what to fix.
using System;

namespace VRBridge.Protocol
{
    /// <summary>Root of every error VRBridge raises on purpose.</summary>
    public class BridgeException : Exception
    {
        public BridgeException(string message) : base(message) { }
        public BridgeException(string message, Exception inner) : base(message, inner) { }
    }

    /// <summary>A peer speaks an incompatible vrbridge schema (different major version).</summary>
    public class ProtocolVersionException : BridgeException
    {
        public ProtocolVersionException(string message) : base(message) { }
    }

    /// <summary>An incoming message is malformed, short, oversized or inconsistent.</summary>
    public class MessageException : BridgeException
    {
        public MessageException(string message) : base(message) { }
        public MessageException(string message, Exception inner) : base(message, inner) { }
    }

    /// <summary>Content that parsed but breaks a rule (shape, range, kind); <see cref="Rule"/> names it.</summary>
    public class ContentException : BridgeException
    {
        public string Rule { get; }
        public string Where { get; }

        public ContentException(string rule, string where, string detail)
            : base(rule + " at " + where + ": " + detail)
        {
            Rule = rule;
            Where = where;
        }
    }
}
