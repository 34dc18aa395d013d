// expect: CS0507
// SideChannel.OnMessageReceived is protected abstract in ML-Agents; overriding it as public must fail.
using Unity.MLAgents.SideChannels;

class Canary : SideChannel
{
    public override void OnMessageReceived(IncomingMessage msg) { }
}
