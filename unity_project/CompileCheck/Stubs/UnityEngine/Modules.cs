// Compile-only stub: rendering, physics, terrain, lights, attributes and events (see Core.cs).
using System;

namespace UnityEngine
{
    public enum TextureFormat { Alpha8 = 1, ARGB4444 = 2, RGB24 = 3, RGBA32 = 4, ARGB32 = 5, RGB565 = 7, R16 = 9, DXT1 = 10, DXT5 = 12, RGBA4444 = 13, BGRA32 = 14, RHalf = 15, RGHalf = 16, RGBAHalf = 17, RFloat = 18, RGFloat = 19, RGBAFloat = 20, R8 = 63 }
    public enum TextureWrapMode { Repeat = 0, Clamp = 1, Mirror = 2, MirrorOnce = 3 }
    public enum FilterMode { Point = 0, Bilinear = 1, Trilinear = 2 }
    public enum LightType { Spot = 0, Directional = 1, Point = 2, Area = 3, Rectangle = 3, Disc = 4 }
    public enum LightShadows { None = 0, Hard = 1, Soft = 2 }
    public enum QueryTriggerInteraction { UseGlobal = 0, Ignore = 1, Collide = 2 }
    public enum CameraClearFlags { Skybox = 1, Color = 2, SolidColor = 2, Depth = 3, Nothing = 4 }

    public class Texture : Object
    {
        protected Texture() { }
        public virtual int width { get { throw null; } set { } }
        public virtual int height { get { throw null; } set { } }
        public TextureWrapMode wrapMode { get { throw null; } set { } }
        public FilterMode filterMode { get { throw null; } set { } }
        public int anisoLevel { get { throw null; } set { } }
    }

    public sealed class Texture2D : Texture
    {
        public Texture2D(int width, int height) { }
        public Texture2D(int width, int height, TextureFormat textureFormat, bool mipChain) { }
        public Texture2D(int width, int height, TextureFormat textureFormat, bool mipChain, bool linear) { }
        public TextureFormat format { get { throw null; } }
        public bool isReadable { get { throw null; } }
        public void LoadRawTextureData(byte[] data) { }
        public void LoadRawTextureData(IntPtr data, int size) { }
        public byte[] GetRawTextureData() { throw null; }
        public void Apply(bool updateMipmaps, bool makeNoLongerReadable) { }
        public void Apply(bool updateMipmaps) { }
        public void Apply() { }
        public void SetPixel(int x, int y, Color color) { }
    }

    public sealed class Shader : Object
    {
        public static Shader Find(string name) { throw null; }
        public static int PropertyToID(string name) { throw null; }
    }

    public class Material : Object
    {
        public Material(Shader shader) { }
        public Material(Material source) { }
        public Shader shader { get { throw null; } set { } }
        public Color color { get { throw null; } set { } }
        public Texture mainTexture { get { throw null; } set { } }
        public bool enableInstancing { get { throw null; } set { } }
        public bool HasProperty(string name) { throw null; }
        public void SetColor(string name, Color value) { }
        public void SetColor(int nameID, Color value) { }
        public Color GetColor(string name) { throw null; }
        public void SetTexture(string name, Texture value) { }
        public void SetTexture(int nameID, Texture value) { }
        public void SetFloat(string name, float value) { }
    }

    public sealed class MaterialPropertyBlock
    {
        public MaterialPropertyBlock() { }
        public bool isEmpty { get { throw null; } }
        public void Clear() { }
        public void SetFloat(string name, float value) { }
        public void SetFloat(int nameID, float value) { }
        public void SetColor(string name, Color value) { }
        public void SetColor(int nameID, Color value) { }
        public void SetTexture(string name, Texture value) { }
        public void SetTexture(int nameID, Texture value) { }
        public Color GetColor(string name) { throw null; }
        public Color GetColor(int nameID) { throw null; }
        public Texture GetTexture(string name) { throw null; }
        public bool HasColor(string name) { throw null; }
    }

    public class Renderer : Component
    {
        public bool enabled { get { throw null; } set { } }
        public Bounds bounds { get { throw null; } }
        public Material material { get { throw null; } set { } }
        public Material sharedMaterial { get { throw null; } set { } }
        public Material[] materials { get { throw null; } set { } }
        public Material[] sharedMaterials { get { throw null; } set { } }
        public void GetPropertyBlock(MaterialPropertyBlock properties) { }
        public void GetPropertyBlock(MaterialPropertyBlock properties, int materialIndex) { }
        public void SetPropertyBlock(MaterialPropertyBlock properties) { }
        public void SetPropertyBlock(MaterialPropertyBlock properties, int materialIndex) { }
    }

    public class MeshRenderer : Renderer { }

    public class SkinnedMeshRenderer : Renderer
    {
        public Mesh sharedMesh { get { throw null; } set { } }
        public float GetBlendShapeWeight(int index) { throw null; }
        public void SetBlendShapeWeight(int index, float value) { }
    }

    public sealed class Mesh : Object
    {
        public Mesh() { }
        public int blendShapeCount { get { throw null; } }
        public int GetBlendShapeIndex(string blendShapeName) { throw null; }
        public string GetBlendShapeName(int shapeIndex) { throw null; }
        public Vector3[] vertices { get { throw null; } set { } }
    }

    public sealed class MeshFilter : Component
    {
        public Mesh sharedMesh { get { throw null; } set { } }
        public Mesh mesh { get { throw null; } set { } }
    }

    public sealed class Camera : Behaviour
    {
        public static Camera main { get { throw null; } }
        public float nearClipPlane { get { throw null; } set { } }
        public float farClipPlane { get { throw null; } set { } }
        public float fieldOfView { get { throw null; } set { } }
        public CameraClearFlags clearFlags { get { throw null; } set { } }
        public Color backgroundColor { get { throw null; } set { } }
        public int cullingMask { get { throw null; } set { } }
    }

    public sealed class Light : Behaviour
    {
        public LightType type { get { throw null; } set { } }
        public Color color { get { throw null; } set { } }
        public float intensity { get { throw null; } set { } }
        public float range { get { throw null; } set { } }
        public LightShadows shadows { get { throw null; } set { } }
    }

    public sealed class AudioListener : Behaviour { }

    public struct RaycastHit
    {
        public Collider collider { get { throw null; } }
        public Vector3 point { get { throw null; } set { } }
        public Vector3 normal { get { throw null; } set { } }
        public float distance { get { throw null; } set { } }
        public Transform transform { get { throw null; } }
    }

    public class Physics
    {
        public const int DefaultRaycastLayers = -5;
        public static bool Raycast(Ray ray, out RaycastHit hitInfo, float maxDistance, int layerMask, QueryTriggerInteraction queryTriggerInteraction) { throw null; }
        public static bool Raycast(Ray ray, out RaycastHit hitInfo, float maxDistance, int layerMask) { throw null; }
        public static bool Raycast(Ray ray, out RaycastHit hitInfo, float maxDistance) { throw null; }
        public static bool Raycast(Ray ray, out RaycastHit hitInfo) { throw null; }
        public static bool Raycast(Vector3 origin, Vector3 direction, out RaycastHit hitInfo, float maxDistance, int layerMask, QueryTriggerInteraction queryTriggerInteraction) { throw null; }
    }

    public class Collider : Component
    {
        public bool enabled { get { throw null; } set { } }
        public bool isTrigger { get { throw null; } set { } }
        public Bounds bounds { get { throw null; } }
    }

    public class BoxCollider : Collider
    {
        public Vector3 center { get { throw null; } set { } }
        public Vector3 size { get { throw null; } set { } }
    }

    public class MeshCollider : Collider
    {
        public Mesh sharedMesh { get { throw null; } set { } }
    }

    public class TerrainCollider : Collider
    {
        public TerrainData terrainData { get { throw null; } set { } }
    }

    public sealed class TerrainLayer : Object
    {
        public TerrainLayer() { }
        public Texture2D diffuseTexture { get { throw null; } set { } }
        public Vector2 tileSize { get { throw null; } set { } }
    }

    public sealed class TerrainData : Object
    {
        public TerrainData() { }
        public int heightmapResolution { get { throw null; } set { } }
        public Vector3 heightmapScale { get { throw null; } }
        public Vector3 size { get { throw null; } set { } }
        public TerrainLayer[] terrainLayers { get { throw null; } set { } }
        public float GetHeight(int x, int y) { throw null; }
        public float[,] GetHeights(int xBase, int yBase, int width, int height) { throw null; }
        public void SetHeights(int xBase, int yBase, float[,] heights) { }
        public void SetHeightsDelayLOD(int xBase, int yBase, float[,] heights) { }
        public void SyncHeightmap() { }
    }

    public sealed class Terrain : Behaviour
    {
        public TerrainData terrainData { get { throw null; } set { } }
        public Material materialTemplate { get { throw null; } set { } }
        public static Terrain activeTerrain { get { throw null; } }
        public static GameObject CreateTerrainGameObject(TerrainData assignTerrain) { throw null; }
        public float SampleHeight(Vector3 worldPosition) { throw null; }
        public void Flush() { }
    }

    // ------------------------------------------------------------------ attributes

    [AttributeUsage(AttributeTargets.Field, Inherited = true, AllowMultiple = false)]
    public abstract class PropertyAttribute : Attribute
    {
        protected PropertyAttribute() { }
        public int order { get { throw null; } set { } }
    }

    [AttributeUsage(AttributeTargets.Field, Inherited = true, AllowMultiple = false)]
    public sealed class SerializeField : Attribute { }

    [AttributeUsage(AttributeTargets.Field, Inherited = true, AllowMultiple = false)]
    public sealed class HideInInspector : Attribute { }

    [AttributeUsage(AttributeTargets.Field, Inherited = true, AllowMultiple = false)]
    public class TooltipAttribute : PropertyAttribute
    {
        public readonly string tooltip;
        public TooltipAttribute(string tooltip) { this.tooltip = tooltip; }
    }

    [AttributeUsage(AttributeTargets.Field, Inherited = true, AllowMultiple = true)]
    public class HeaderAttribute : PropertyAttribute
    {
        public readonly string header;
        public HeaderAttribute(string header) { this.header = header; }
    }

    [AttributeUsage(AttributeTargets.Field, Inherited = true, AllowMultiple = false)]
    public sealed class RangeAttribute : PropertyAttribute
    {
        public readonly float min;
        public readonly float max;
        public RangeAttribute(float min, float max) { this.min = min; this.max = max; }
    }

    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
    public sealed class RequireComponent : Attribute
    {
        public RequireComponent(Type requiredComponent) { }
        public RequireComponent(Type requiredComponent, Type requiredComponent2) { }
        public RequireComponent(Type requiredComponent, Type requiredComponent2, Type requiredComponent3) { }
    }

    [AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
    public sealed class DisallowMultipleComponent : Attribute { }

    [AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
    public sealed class AddComponentMenu : Attribute
    {
        public AddComponentMenu(string menuName) { }
        public AddComponentMenu(string menuName, int order) { }
    }

    [AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
    public class DefaultExecutionOrder : Attribute
    {
        public DefaultExecutionOrder(int order) { }
        public int order { get { throw null; } }
    }

    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
    public class HelpURLAttribute : Attribute
    {
        public HelpURLAttribute(string url) { }
    }
}

namespace UnityEngine.Events
{
    public delegate void UnityAction();
    public delegate void UnityAction<T0>(T0 arg0);

    [Serializable]
    public abstract class UnityEventBase : ISerializationCallbackReceiver
    {
        protected UnityEventBase() { }
        public void RemoveAllListeners() { }
        void ISerializationCallbackReceiver.OnBeforeSerialize() { }
        void ISerializationCallbackReceiver.OnAfterDeserialize() { }
    }

    [Serializable]
    public class UnityEvent : UnityEventBase
    {
        public UnityEvent() { }
        public void AddListener(UnityAction call) { }
        public void RemoveListener(UnityAction call) { }
        public void Invoke() { }
    }

    [Serializable]
    public class UnityEvent<T0> : UnityEventBase
    {
        public UnityEvent() { }
        public void AddListener(UnityAction<T0> call) { }
        public void RemoveListener(UnityAction<T0> call) { }
        public void Invoke(T0 arg0) { }
    }
}

namespace UnityEngine
{
    [AttributeUsage(AttributeTargets.Class, Inherited = true)]
    public class SelectionBaseAttribute : Attribute { }
}

namespace UnityEngine.Rendering
{
    public abstract class RenderPipelineAsset : ScriptableObject { }

    public sealed class GraphicsSettings : Object
    {
        public static RenderPipelineAsset currentRenderPipeline { get { throw null; } }
        public static RenderPipelineAsset defaultRenderPipeline { get { throw null; } set { } }
    }
}
