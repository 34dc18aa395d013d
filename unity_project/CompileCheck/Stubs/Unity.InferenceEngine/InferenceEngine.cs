// Compile-only stub of com.unity.ai.inference 2.2 (namespace Unity.InferenceEngine), the parts VRBridge
// and ML-Agents 4.x touch. Mirrors Runtime/Core/{Backends/Worker,Tensor,TensorGeneric,TensorShape}.cs,
// Serialization/ModelLoader.cs and Internals/ModelAsset.cs. Tensor<T> is constrained `unmanaged` in the
// package; mcs (C# 7.2) lacks that constraint, so the stub says `struct` (float and int satisfy both).
using System;
using System.Collections.Generic;
using UnityEngine;

namespace Unity.InferenceEngine
{
    [Flags]
    public enum DeviceType { GPU = 1 << 8, CPU = 1 << 9 }

    public enum BackendType
    {
        GPUCompute = 0 | DeviceType.GPU,
        GPUPixel = 1 | DeviceType.GPU,
        CPU = 0 | DeviceType.CPU,
    }

    public class ModelAsset : ScriptableObject { }

    public class Model
    {
        public struct Input
        {
            public string name;
            public int index;
        }

        public struct Output
        {
            public string name;
            public int index;
        }

        public List<Input> inputs = new List<Input>();
        public List<Output> outputs = new List<Output>();
    }

    public static class ModelLoader
    {
        public static Model Load(ModelAsset modelAsset) { throw null; }
        public static Model Load(string path) { throw null; }
        public static Model Load(System.IO.Stream stream) { throw null; }
    }

    public unsafe struct TensorShape
    {
        public TensorShape(int d0) { throw null; }
        public TensorShape(int d0, int d1) { throw null; }
        public TensorShape(int d0, int d1, int d2) { throw null; }
        public TensorShape(int d0, int d1, int d2, int d3) { throw null; }
        public int rank { get { throw null; } }
        public int length { get { throw null; } }
        public int this[int axis] { get { throw null; } set { } }
    }

    public abstract class Tensor : IDisposable
    {
        public TensorShape shape { get { throw null; } }
        public int count { get { throw null; } }
        public BackendType backendType { get { throw null; } }
        public bool IsReadbackRequestDone() { throw null; }
        public void ReadbackRequest() { }
        public void CompleteAllPendingOperations() { }
        public Tensor ReadbackAndClone() { throw null; }
        public void Dispose() { }
    }

    public class Tensor<T> : Tensor, IDisposable where T : struct
    {
        public Tensor(TensorShape shape, T[] srcData, int dataStartIndex = 0) { }
        public Tensor(TensorShape shape, bool clearOnInit = true) { }
        public T this[int d0] { get { throw null; } set { } }
        public new Tensor<T> ReadbackAndClone() { throw null; }
        public T[] DownloadToArray() { throw null; }
    }

    public class Worker : IDisposable
    {
        public Worker(Model model, BackendType backendType) { }
        public Worker(Model model, DeviceType deviceType) { }
        public void Dispose() { }
        public void SetInput(int index, Tensor input) { }
        public void SetInput(string name, Tensor input) { }
        public void Schedule() { }
        public void Schedule(Tensor input) { }
        public void Schedule(params Tensor[] inputs) { }
        public Tensor PeekOutput() { throw null; }
        public Tensor PeekOutput(int index) { throw null; }
        public Tensor PeekOutput(string name) { throw null; }
    }
}
