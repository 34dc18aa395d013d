// Standalone mode (Quest without a PC): the generator exported by `vrbridge export-onnx` runs in the scene
// through Unity's Inference Engine. The director's action becomes the latent; the output becomes a
// ContentMessage applied like content from Python (no ack: nobody is listening). Compiled when the
// com.unity.ai.inference package is present (ML-Agents 4.x depends on it).
#if VRBRIDGE_INFERENCE_ENGINE
using System.Collections;
using Unity.InferenceEngine;
using UnityEngine;
using VRBridge.Logic;
using Pb = VRBridge.Protocol;

namespace VRBridge
{
    [AddComponentMenu("VRBridge/Standalone Generator")]
    public sealed class StandaloneGenerator : MonoBehaviour
    {
        public enum RunWhen
        {
            /// <summary>Only when no trainer is connected (a Quest build, or Play without Python).</summary>
            NoTrainer,
            Always,
            Never,
        }

        [Tooltip("The .onnx from `vrbridge export-onnx` (imported as a ModelAsset).")]
        [SerializeField] ModelAsset generator;
        [SerializeField] Pb.ContentKind kind = Pb.ContentKind.Room;
        [SerializeField] string slot = "main_room";
        [Tooltip("The model's latent size (ONNX metadata vrbridge.latent_dim).")]
        [SerializeField] int latentDim = 8;
        [Tooltip("Latent = action * scale, for the action's first latentDim dims.")]
        [SerializeField] float latentScale = 1f;
        [Tooltip("Condition input for conditional models (descriptor units); empty for unconditional ones.")]
        [SerializeField] float[] condition = new float[0];
        [Tooltip("Rooms only: the model outputs layers (ONNX output \"layers\"; a rooms model trained with room_layers).")]
        [SerializeField] bool roomLayers = false;
        [Tooltip("Layered rooms: a 2x2 block is walkable above this probability (ONNX metadata vrbridge.room_block_threshold).")]
        [SerializeField] float roomBlockThreshold = 0.1f;
        [Tooltip("Layered rooms: a tile holds a prop above this probability (ONNX metadata vrbridge.room_prop_threshold).")]
        [SerializeField] float roomPropThreshold = 0.075f;
        [Tooltip("Characters only: the parameter names, in the model's output order.")]
        [SerializeField] string[] characterNames = new string[0];
        [SerializeField] BackendType backend = BackendType.GPUCompute;
        [SerializeField] RunWhen runWhen = RunWhen.NoTrainer;
        [SerializeField] ContentDirectorAgent director;
        [SerializeField] ContentRouter router;
        [SerializeField] BridgeChannels channels;
        [Tooltip("Provenance.generator of what it makes.")]
        [SerializeField] string generatorLabel = "onnx";

        Worker m_Worker;
        int m_Made;
        bool m_Running;

        void Awake()
        {
            if (director == null) director = FindAnyObjectByType<ContentDirectorAgent>();
            if (router == null) router = FindAnyObjectByType<ContentRouter>();
            if (channels == null) channels = FindAnyObjectByType<BridgeChannels>();
        }

        void OnEnable()
        {
            if (director != null) director.ActionChosen += OnAction;
        }

        void OnDisable()
        {
            if (director != null) director.ActionChosen -= OnAction;
            if (m_Worker != null) m_Worker.Dispose();
            m_Worker = null;
        }

        bool ShouldRun()
        {
            if (generator == null || router == null || runWhen == RunWhen.Never) return false;
            return runWhen == RunWhen.Always || channels == null || !channels.Connected;
        }

        void OnAction(float[] action, int reason)
        {
            if (!ShouldRun() || m_Running) return;
            // New content when the player is done with the current one (and once at the start).
            if (reason != DirectorSpec.ReasonExperienced && m_Made > 0) return;
            StartCoroutine(Generate(action));
        }

        IEnumerator Generate(float[] action)
        {
            m_Running = true;
            if (m_Worker == null) m_Worker = new Worker(ModelLoader.Load(generator), backend);
            float[] z = GeneratorOutputs.LatentFromAction(action, latentDim, latentScale);
            var zTensor = new Tensor<float>(new TensorShape(1, latentDim), z);
            Tensor<float> cTensor = null;
            if (condition != null && condition.Length > 0)
            {
                cTensor = new Tensor<float>(new TensorShape(1, condition.Length), condition);
                m_Worker.Schedule(zTensor, cTensor);
            }
            else
            {
                m_Worker.Schedule(zTensor);
            }

            Tensor output = m_Worker.PeekOutput(OutputName());
            output.ReadbackRequest(); // GPU backends: read back without stalling the frame
            while (!output.IsReadbackRequestDone()) yield return null;

            Pb.ContentMessage msg = null;
            string error = null;
            try
            {
                msg = ToMessage(output);
            }
            catch (System.ArgumentException e)
            {
                error = e.Message;
            }
            zTensor.Dispose();
            if (cTensor != null) cTensor.Dispose();
            m_Running = false;
            if (msg == null)
            {
                Debug.LogError("VRBridge: the standalone generator's output does not fit kind " + kind + ": " + error);
                yield break;
            }
            m_Made++;
            msg.Provenance.Latent.AddRange(z);
            if (condition != null) msg.Provenance.Condition.AddRange(condition);
            msg.Provenance.Generator = generatorLabel;
            msg.Provenance.Policy = "director/" + (Unity.MLAgents.Academy.Instance.IsCommunicatorOn ? "remote" : "heuristic-or-inference");
            router.Submit(msg, true);
        }

        string OutputName()
        {
            switch (kind)
            {
                case Pb.ContentKind.Room: return roomLayers ? "layers" : "tiles";
                case Pb.ContentKind.Texture: return "rgb";
                case Pb.ContentKind.Terrain: return "height";
                default: return "params";
            }
        }

        Pb.ContentMessage ToMessage(Tensor output)
        {
            TensorShape s = output.shape;
            var msg = GeneratorOutputs.Message("local-" + m_Made.ToString("D5"), slot, new Pb.Provenance());
            msg.Kind = kind;
            switch (kind)
            {
                case Pb.ContentKind.Room:
                {
                    if (roomLayers)
                    {
                        var layers = output as Tensor<float>;
                        if (layers == null || s.rank != 4 || s[1] != 9) throw new System.ArgumentException("expected layers (1, 9, H, W), got " + s);
                        int[] ids = GeneratorOutputs.RoomFromLayers(layers.DownloadToArray(), s[3], s[2], roomBlockThreshold, roomPropThreshold);
                        msg.Room = GeneratorOutputs.Room(ids, s[3], s[2]);
                        break;
                    }
                    // "tiles" is int64 ArgMax in ONNX; Inference Engine holds it as int.
                    var tiles = output as Tensor<int>;
                    if (tiles == null || s.rank != 3) throw new System.ArgumentException("expected tiles (1, H, W) ints, got " + s);
                    msg.Room = GeneratorOutputs.Room(tiles.DownloadToArray(), s[2], s[1]);
                    break;
                }
                case Pb.ContentKind.Texture:
                {
                    var rgb = output as Tensor<float>;
                    if (rgb == null || s.rank != 4 || s[1] != 3) throw new System.ArgumentException("expected rgb (1, 3, H, W), got " + s);
                    msg.Texture = GeneratorOutputs.Texture(rgb.DownloadToArray(), s[3], s[2]);
                    break;
                }
                case Pb.ContentKind.Terrain:
                {
                    var h = output as Tensor<float>;
                    if (h == null || s.rank != 4) throw new System.ArgumentException("expected height (1, 1, H, W), got " + s);
                    msg.Terrain = GeneratorOutputs.Terrain(h.DownloadToArray(), s[3], s[2]);
                    break;
                }
                default:
                {
                    var p = output as Tensor<float>;
                    if (p == null || s.rank != 2 || s[1] != characterNames.Length)
                        throw new System.ArgumentException("expected params (1, " + characterNames.Length + "), got " + s);
                    msg.Character = GeneratorOutputs.Character(p.DownloadToArray(), characterNames);
                    break;
                }
            }
            return msg;
        }
    }
}
#endif
