// expect: CS0114
// Agent.Awake is protected internal virtual: a plain `void Awake()` hides it and Unity would skip the
// package's (communicator registration). The check makes that warning an error.
using Unity.MLAgents;

class Canary : Agent
{
    void Awake() { }
}
