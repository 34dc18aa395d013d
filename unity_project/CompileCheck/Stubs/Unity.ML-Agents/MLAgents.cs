// Compile-only stub of com.unity.ml-agents 4.x (assembly Unity.ML-Agents): the public surface VRBridge
// uses, mirrored from the package source (Runtime/Agent.cs, Academy.cs, DecisionRequester.cs,
// StatsRecorder.cs, Actuators/, Sensors/VectorSensor.cs, SideChannels/, Policies/). Modifiers matter:
// Agent's hooks are public virtual, OnEnable/OnDisable protected virtual, Awake protected internal
// virtual; SideChannel.OnMessageReceived is protected abstract.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using Unity.InferenceEngine;
using Unity.MLAgents.Actuators;
using Unity.MLAgents.Policies;
using Unity.MLAgents.Sensors;
using UnityEngine;
using UnityEngine.Serialization;

namespace Unity.MLAgents
{
    public class UnityAgentsException : Exception
    {
        public UnityAgentsException(string message) : base(message) { }
    }

    public enum StatAggregationMethod { Average = 0, MostRecent = 1, Sum = 2, Histogram = 3 }

    public sealed class StatsRecorder
    {
        internal StatsRecorder() { }
        public void Add(string key, float value, StatAggregationMethod aggregationMethod = StatAggregationMethod.Average) { }
    }

    public sealed class EnvironmentParameters
    {
        internal EnvironmentParameters() { }
        public float GetWithDefault(string key, float defaultValue) { throw null; }
        public void RegisterCallback(string key, Action<float> action) { }
        public IList<string> Keys() { throw null; }
    }

    public class Academy : IDisposable
    {
        protected Academy() { }
        public static bool IsInitialized { get { throw null; } }
        public static Academy Instance { get { throw null; } }
        public bool IsCommunicatorOn { get { throw null; } }
        public int InferenceSeed { get { throw null; } set { } }
        public int NumAreas { get { throw null; } }
        public event Action<int> AgentPreStep { add { } remove { } }
        public event Action OnEnvironmentReset { add { } remove { } }
        public bool AutomaticSteppingEnabled { get { throw null; } set { } }
        public EnvironmentParameters EnvironmentParameters { get { throw null; } }
        public StatsRecorder StatsRecorder { get { throw null; } }
        public int EpisodeCount { get { throw null; } }
        public int StepCount { get { throw null; } }
        public int TotalStepCount { get { throw null; } }
        public void EnvironmentStep() { }
        public void Dispose() { }
    }

    [HelpURL("https://docs.unity3d.com/Packages/com.unity.ml-agents@4.0/manual/Learning-Environment-Design-Agents.html")]
    [Serializable]
    [RequireComponent(typeof(BehaviorParameters))]
    [DefaultExecutionOrder(-50)]
    public partial class Agent : MonoBehaviour, ISerializationCallbackReceiver, IActionReceiver, IHeuristicProvider
    {
        [FormerlySerializedAs("maxStep")]
        [HideInInspector] public int MaxStep;

        protected internal virtual void Awake() { }
        protected virtual void OnEnable() { }
        public void OnBeforeSerialize() { }
        public void OnAfterDeserialize() { }
        public void LazyInitialize() { }
        protected virtual void OnDisable() { }
        public void SetModel(string behaviorName, ModelAsset model, InferenceDevice inferenceDevice = InferenceDevice.Default) { }
        public int StepCount { get { throw null; } }
        public int CompletedEpisodes { get { throw null; } }
        public void SetReward(float reward) { }
        public void AddReward(float increment) { }
        public float GetCumulativeReward() { throw null; }
        public void EndEpisode() { }
        public void EpisodeInterrupted() { }
        public void RequestDecision() { }
        public void RequestAction() { }
        public virtual void Initialize() { }
        public virtual void Heuristic(in ActionBuffers actionsOut) { }
        public virtual void CollectObservations(VectorSensor sensor) { }
        public ReadOnlyCollection<float> GetObservations() { throw null; }
        public ReadOnlyCollection<float> GetStackedObservations() { throw null; }
        public virtual void WriteDiscreteActionMask(IDiscreteActionMask actionMask) { }
        public virtual void OnActionReceived(ActionBuffers actions) { }
        public virtual void OnEpisodeBegin() { }
        public ActionBuffers GetStoredActionBuffers() { throw null; }
        protected static float ScaleAction(float rawAction, float min, float max) { throw null; }
    }

    [AddComponentMenu("ML Agents/Decision Requester", 0)]
    [RequireComponent(typeof(Agent))]
    [DefaultExecutionOrder(-10)]
    public class DecisionRequester : MonoBehaviour
    {
        [Range(1, 20)]
        public int DecisionPeriod = 5;
        [Range(0, 19)]
        public int DecisionStep = 0;
        [FormerlySerializedAs("RepeatAction")]
        public bool TakeActionsBetweenDecisions = true;

        public Agent Agent { get { throw null; } }

        internal void Awake() { }

        public struct DecisionRequestContext
        {
            public int AcademyStepCount;
        }

        protected virtual bool ShouldRequestDecision(DecisionRequestContext context) { throw null; }
        protected virtual bool ShouldRequestAction(DecisionRequestContext context) { throw null; }
    }
}

namespace Unity.MLAgents.Actuators
{
    public readonly struct ActionSegment<T> : IEnumerable<T>, IEquatable<ActionSegment<T>> where T : struct
    {
        public readonly int Offset;
        public readonly int Length;
        public static ActionSegment<T> Empty;
        public ActionSegment(T[] actionArray) { throw null; }
        public ActionSegment(T[] actionArray, int offset, int length) { throw null; }
        public T[] Array { get { throw null; } }
        public T this[int index] { get { throw null; } set { } }
        public void Clear() { }
        public bool IsEmpty() { throw null; }
        IEnumerator<T> IEnumerable<T>.GetEnumerator() { throw null; }
        public IEnumerator GetEnumerator() { throw null; }
        public override bool Equals(object obj) { throw null; }
        public bool Equals(ActionSegment<T> other) { throw null; }
        public override int GetHashCode() { throw null; }
    }

    [Serializable]
    public struct ActionSpec
    {
        public int[] BranchSizes;
        public int NumContinuousActions { get { throw null; } set { } }
        public int NumDiscreteActions { get { throw null; } }
        public int SumOfDiscreteBranchSizes { get { throw null; } }
        public static ActionSpec MakeContinuous(int numActions) { throw null; }
        public static ActionSpec MakeDiscrete(params int[] branchSizes) { throw null; }
        public ActionSpec(int numContinuousActions = 0, int[] discreteBranchSizes = null) { throw null; }
        public static ActionSpec Combine(params ActionSpec[] specs) { throw null; }
    }

    public readonly struct ActionBuffers
    {
        public static ActionBuffers Empty;
        public ActionSegment<float> ContinuousActions { get { throw null; } }
        public ActionSegment<int> DiscreteActions { get { throw null; } }
        public static ActionBuffers FromDiscreteActions(float[] discreteActions) { throw null; }
        public ActionBuffers(float[] continuousActions, int[] discreteActions) { throw null; }
        public ActionBuffers(ActionSegment<float> continuousActions, ActionSegment<int> discreteActions) { throw null; }
        public ActionBuffers(ActionSpec actionSpec) { throw null; }
        public void Clear() { }
        public bool IsEmpty() { throw null; }
        public override bool Equals(object obj) { throw null; }
        public override int GetHashCode() { throw null; }
    }

    public interface IDiscreteActionMask
    {
        void SetActionEnabled(int branch, int actionIndex, bool isEnabled);
    }

    public interface IActionReceiver
    {
        void OnActionReceived(ActionBuffers actionBuffers);
        void WriteDiscreteActionMask(IDiscreteActionMask actionMask);
    }

    public interface IHeuristicProvider
    {
        void Heuristic(in ActionBuffers actionBuffersOut);
    }
}

namespace Unity.MLAgents.Sensors
{
    public enum ObservationType { Default = 0, GoalSignal = 1 }

    // The package's VectorSensor also implements ISensor and IBuiltInSensor; only the methods an
    // agent calls are mirrored here.
    public class VectorSensor
    {
        public VectorSensor(int observationSize, string name = null, ObservationType observationType = ObservationType.Default) { }
        public void AddObservation(float observation) { }
        public void AddObservation(int observation) { }
        public void AddObservation(Vector3 observation) { }
        public void AddObservation(Vector2 observation) { }
        public void AddObservation(IList<float> observation) { }
        public void AddObservation(Quaternion observation) { }
        public void AddObservation(bool observation) { }
        public void AddOneHotObservation(int observation, int range) { }
    }
}

namespace Unity.MLAgents.SideChannels
{
    public abstract class SideChannel
    {
        internal List<byte[]> MessageQueue = new List<byte[]>();
        public Guid ChannelId { get { throw null; } protected set { } }
        protected abstract void OnMessageReceived(IncomingMessage msg);
        protected void QueueMessageToSend(OutgoingMessage msg) { }
    }

    public static class SideChannelManager
    {
        public static void RegisterSideChannel(SideChannel sideChannel) { }
        public static void UnregisterSideChannel(SideChannel sideChannel) { }
    }

    public class IncomingMessage : IDisposable
    {
        public IncomingMessage(byte[] data) { }
        public bool ReadBoolean(bool defaultValue = false) { throw null; }
        public int ReadInt32(int defaultValue = 0) { throw null; }
        public float ReadFloat32(float defaultValue = 0.0f) { throw null; }
        public string ReadString(string defaultValue = default(string)) { throw null; }
        public IList<float> ReadFloatList(IList<float> defaultValue = default(IList<float>)) { throw null; }
        public byte[] GetRawBytes() { throw null; }
        public void Dispose() { }
    }

    public class OutgoingMessage : IDisposable
    {
        public OutgoingMessage() { }
        public void Dispose() { }
        public void WriteBoolean(bool b) { }
        public void WriteInt32(int i) { }
        public void WriteFloat32(float f) { }
        public void WriteString(string s) { }
        public void WriteFloatList(IList<float> floatList) { }
        public void SetRawBytes(byte[] data) { }
    }
}

namespace Unity.MLAgents.Policies
{
    [Serializable]
    public enum BehaviorType { Default, HeuristicOnly, InferenceOnly }

    public enum ObservableAttributeOptions { Ignore, ExcludeInherited, ExamineAll }

    public enum InferenceDevice { Default = 0, ComputeShader = 1, Burst = 2, PixelShader = 3 }

    [Serializable]
    public class BrainParameters : ISerializationCallbackReceiver
    {
        [FormerlySerializedAs("vectorObservationSize")]
        public int VectorObservationSize = 1;
        [FormerlySerializedAs("numStackedVectorObservations")]
        [Range(1, 50)] public int NumStackedVectorObservations = 1;
        public ActionSpec ActionSpec { get { throw null; } set { } }
        [FormerlySerializedAs("vectorActionDescriptions")]
        public string[] VectorActionDescriptions;
        public BrainParameters Clone() { throw null; }
        public void OnBeforeSerialize() { }
        public void OnAfterDeserialize() { }
    }

    [AddComponentMenu("ML Agents/Behavior Parameters", 0)]
    public class BehaviorParameters : MonoBehaviour
    {
        public delegate void PolicyUpdated(bool isInHeuristicMode);
        public BrainParameters BrainParameters { get { throw null; } internal set { } }
        public ModelAsset Model { get { throw null; } set { } }
        public InferenceDevice InferenceDevice { get { throw null; } set { } }
        public BehaviorType BehaviorType { get { throw null; } set { } }
        public string BehaviorName { get { throw null; } set { } }
        [HideInInspector, SerializeField, FormerlySerializedAs("m_TeamID")]
        public int TeamId;
        public bool UseChildSensors { get { throw null; } set { } }
        public bool DeterministicInference { get { throw null; } set { } }
        public bool UseChildActuators { get { throw null; } set { } }
        public ObservableAttributeOptions ObservableAttributeHandling { get { throw null; } set { } }
        public string FullyQualifiedBehaviorName { get { throw null; } }
        public bool IsInHeuristicMode() { throw null; }
    }
}
