// expect: CS1061
// A member the real Academy does not have.
using Unity.MLAgents;

class Canary
{
    bool Connected() { return Academy.Instance.IsConnected; }
}
