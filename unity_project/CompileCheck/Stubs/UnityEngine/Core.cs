// Compile-only stub of the UnityEngine surface VRBridge uses (UnityEngine.CoreModule in Unity 6).
// Signatures, modifiers and namespaces mirror UnityCsReference; bodies are empty or `throw null`.
// Never shipped, never run: it exists so that mcs catches wrong overrides and missing members.
using System;
using System.Collections;

namespace UnityEngine
{
    public enum HideFlags { None = 0, HideInHierarchy = 1, HideInInspector = 2, DontSaveInEditor = 4, NotEditable = 8, DontSaveInBuild = 16, DontUnloadUnusedAsset = 32, DontSave = 52, HideAndDontSave = 61 }
    public enum FindObjectsSortMode { None = 0, InstanceID = 1 }
    public enum FindObjectsInactive { Exclude = 0, Include = 1 }
    public enum PrimitiveType { Sphere = 0, Capsule = 1, Cylinder = 2, Cube = 3, Plane = 4, Quad = 5 }
    public enum RuntimePlatform { OSXEditor = 0, OSXPlayer = 1, WindowsPlayer = 2, WindowsEditor = 7, Android = 11, LinuxPlayer = 13, LinuxEditor = 16 }
    public enum Space { World = 0, Self = 1 }

    public class Object
    {
        public string name { get { throw null; } set { } }
        public HideFlags hideFlags { get { throw null; } set { } }
        public int GetInstanceID() { throw null; }
        public override bool Equals(object other) { throw null; }
        public override int GetHashCode() { throw null; }
        public override string ToString() { throw null; }
        public static implicit operator bool(Object exists) { throw null; }
        public static bool operator ==(Object x, Object y) { throw null; }
        public static bool operator !=(Object x, Object y) { throw null; }
        public static void Destroy(Object obj) { }
        public static void Destroy(Object obj, float t) { }
        public static void DestroyImmediate(Object obj) { }
        public static void DestroyImmediate(Object obj, bool allowDestroyingAssets) { }
        public static void DontDestroyOnLoad(Object target) { }
        public static Object Instantiate(Object original) { throw null; }
        public static Object Instantiate(Object original, Transform parent) { throw null; }
        public static T Instantiate<T>(T original) where T : Object { throw null; }
        public static T Instantiate<T>(T original, Transform parent) where T : Object { throw null; }
        public static T Instantiate<T>(T original, Transform parent, bool worldPositionStays) where T : Object { throw null; }
        public static T Instantiate<T>(T original, Vector3 position, Quaternion rotation) where T : Object { throw null; }
        public static T Instantiate<T>(T original, Vector3 position, Quaternion rotation, Transform parent) where T : Object { throw null; }
        public static T FindAnyObjectByType<T>() where T : Object { throw null; }
        public static T FindAnyObjectByType<T>(FindObjectsInactive findObjectsInactive) where T : Object { throw null; }
        public static T FindFirstObjectByType<T>() where T : Object { throw null; }
        public static T[] FindObjectsByType<T>(FindObjectsSortMode sortMode) where T : Object { throw null; }
        public static T[] FindObjectsByType<T>(FindObjectsInactive findObjectsInactive, FindObjectsSortMode sortMode) where T : Object { throw null; }
    }

    public class Component : Object
    {
        public Transform transform { get { throw null; } }
        public GameObject gameObject { get { throw null; } }
        public string tag { get { throw null; } set { } }
        public Component GetComponent(Type type) { throw null; }
        public T GetComponent<T>() { throw null; }
        public bool TryGetComponent<T>(out T component) { throw null; }
        public T GetComponentInChildren<T>() { throw null; }
        public T GetComponentInChildren<T>(bool includeInactive) { throw null; }
        public T GetComponentInParent<T>() { throw null; }
        public T GetComponentInParent<T>(bool includeInactive) { throw null; }
        public T[] GetComponents<T>() { throw null; }
        public T[] GetComponentsInChildren<T>() { throw null; }
        public T[] GetComponentsInChildren<T>(bool includeInactive) { throw null; }
        public bool CompareTag(string tag) { throw null; }
    }

    public class Behaviour : Component
    {
        public bool enabled { get { throw null; } set { } }
        public bool isActiveAndEnabled { get { throw null; } }
    }

    public class YieldInstruction { }
    public sealed class Coroutine : YieldInstruction { Coroutine() { } }
    public sealed class WaitForSeconds : YieldInstruction { public WaitForSeconds(float seconds) { } }
    public sealed class WaitForEndOfFrame : YieldInstruction { }

    public class MonoBehaviour : Behaviour
    {
        public bool useGUILayout { get { throw null; } set { } }
        public System.Threading.CancellationToken destroyCancellationToken { get { throw null; } }
        public Coroutine StartCoroutine(IEnumerator routine) { throw null; }
        public Coroutine StartCoroutine(string methodName) { throw null; }
        public void StopCoroutine(IEnumerator routine) { }
        public void StopCoroutine(Coroutine routine) { }
        public void StopAllCoroutines() { }
        public void Invoke(string methodName, float time) { }
        public void CancelInvoke() { }
        public static void print(object message) { }
    }

    public class ScriptableObject : Object
    {
        public static ScriptableObject CreateInstance(Type type) { throw null; }
        public static T CreateInstance<T>() where T : ScriptableObject { throw null; }
    }

    public sealed class GameObject : Object
    {
        public GameObject() { }
        public GameObject(string name) { }
        public GameObject(string name, params Type[] components) { }
        public Transform transform { get { throw null; } }
        public int layer { get { throw null; } set { } }
        public bool activeSelf { get { throw null; } }
        public bool activeInHierarchy { get { throw null; } }
        public bool isStatic { get { throw null; } set { } }
        public string tag { get { throw null; } set { } }
        public SceneManagement.Scene scene { get { throw null; } }
        public void SetActive(bool value) { }
        public Component AddComponent(Type componentType) { throw null; }
        public T AddComponent<T>() where T : Component { throw null; }
        public Component GetComponent(Type type) { throw null; }
        public T GetComponent<T>() { throw null; }
        public bool TryGetComponent<T>(out T component) { throw null; }
        public T GetComponentInChildren<T>() { throw null; }
        public T GetComponentInChildren<T>(bool includeInactive) { throw null; }
        public T GetComponentInParent<T>() { throw null; }
        public T[] GetComponentsInChildren<T>() { throw null; }
        public bool CompareTag(string tag) { throw null; }
        public static GameObject CreatePrimitive(PrimitiveType type) { throw null; }
        public static GameObject Find(string name) { throw null; }
        public static GameObject FindWithTag(string tag) { throw null; }
    }

    public class Transform : Component, IEnumerable
    {
        protected Transform() { }
        public Vector3 position { get { throw null; } set { } }
        public Vector3 localPosition { get { throw null; } set { } }
        public Quaternion rotation { get { throw null; } set { } }
        public Quaternion localRotation { get { throw null; } set { } }
        public Vector3 eulerAngles { get { throw null; } set { } }
        public Vector3 localEulerAngles { get { throw null; } set { } }
        public Vector3 localScale { get { throw null; } set { } }
        public Vector3 lossyScale { get { throw null; } }
        public Vector3 forward { get { throw null; } set { } }
        public Vector3 right { get { throw null; } set { } }
        public Vector3 up { get { throw null; } set { } }
        public Transform parent { get { throw null; } set { } }
        public Transform root { get { throw null; } }
        public int childCount { get { throw null; } }
        public void SetParent(Transform p) { }
        public void SetParent(Transform parent, bool worldPositionStays) { }
        public void SetPositionAndRotation(Vector3 position, Quaternion rotation) { }
        public void SetLocalPositionAndRotation(Vector3 localPosition, Quaternion localRotation) { }
        public Transform GetChild(int index) { throw null; }
        public Transform Find(string n) { throw null; }
        public Vector3 TransformPoint(Vector3 position) { throw null; }
        public Vector3 InverseTransformPoint(Vector3 position) { throw null; }
        public Vector3 TransformDirection(Vector3 direction) { throw null; }
        public Vector3 InverseTransformDirection(Vector3 direction) { throw null; }
        public void LookAt(Vector3 worldPosition) { }
        public void Rotate(float xAngle, float yAngle, float zAngle) { }
        public void SetAsLastSibling() { }
        public IEnumerator GetEnumerator() { throw null; }
    }

    public class Debug
    {
        public static void Log(object message) { }
        public static void Log(object message, Object context) { }
        public static void LogFormat(string format, params object[] args) { }
        public static void LogWarning(object message) { }
        public static void LogWarning(object message, Object context) { }
        public static void LogError(object message) { }
        public static void LogError(object message, Object context) { }
        public static void LogException(Exception exception) { }
        public static void LogException(Exception exception, Object context) { }
        public static void Assert(bool condition) { }
        public static void Assert(bool condition, object message) { }
    }

    public class Time
    {
        public static float time { get { throw null; } }
        public static double timeAsDouble { get { throw null; } }
        public static float deltaTime { get { throw null; } }
        public static float unscaledTime { get { throw null; } }
        public static double unscaledTimeAsDouble { get { throw null; } }
        public static float unscaledDeltaTime { get { throw null; } }
        public static float fixedDeltaTime { get { throw null; } set { } }
        public static float timeScale { get { throw null; } set { } }
        public static int frameCount { get { throw null; } }
        public static float realtimeSinceStartup { get { throw null; } }
        public static double realtimeSinceStartupAsDouble { get { throw null; } }
    }

    public class Application
    {
        public static string version { get { throw null; } }
        public static string productName { get { throw null; } }
        public static string dataPath { get { throw null; } }
        public static string persistentDataPath { get { throw null; } }
        public static string streamingAssetsPath { get { throw null; } }
        public static bool isPlaying { get { throw null; } }
        public static bool isEditor { get { throw null; } }
        public static bool isBatchMode { get { throw null; } }
        public static RuntimePlatform platform { get { throw null; } }
        public static int targetFrameRate { get { throw null; } set { } }
        public static bool runInBackground { get { throw null; } set { } }
        public static void Quit() { }
        public static void Quit(int exitCode) { }
    }

    public class PlayerPrefs
    {
        public static void SetInt(string key, int value) { }
        public static int GetInt(string key, int defaultValue) { throw null; }
        public static int GetInt(string key) { throw null; }
        public static void SetFloat(string key, float value) { }
        public static float GetFloat(string key, float defaultValue) { throw null; }
        public static void SetString(string key, string value) { }
        public static string GetString(string key, string defaultValue) { throw null; }
        public static string GetString(string key) { throw null; }
        public static bool HasKey(string key) { throw null; }
        public static void DeleteKey(string key) { }
        public static void Save() { }
    }

    public sealed class SystemInfo
    {
        public static string deviceUniqueIdentifier { get { throw null; } }
        public static string deviceModel { get { throw null; } }
        public static string deviceName { get { throw null; } }
        public static string operatingSystem { get { throw null; } }
    }

    public interface ISerializationCallbackReceiver
    {
        void OnBeforeSerialize();
        void OnAfterDeserialize();
    }
}

namespace UnityEngine.SceneManagement
{
    public struct Scene
    {
        public string name { get { throw null; } set { } }
        public string path { get { throw null; } }
        public bool isLoaded { get { throw null; } }
        public bool IsValid() { throw null; }
        public GameObject[] GetRootGameObjects() { throw null; }
    }

    public class SceneManager
    {
        public static Scene GetActiveScene() { throw null; }
        public static bool SetActiveScene(Scene scene) { throw null; }
        public static void LoadScene(string sceneName) { }
    }
}

namespace UnityEngine.XR
{
    public static class XRSettings
    {
        public static bool enabled { get { throw null; } set { } }
        public static string loadedDeviceName { get { throw null; } }
    }
}

namespace UnityEngine.Serialization
{
    [AttributeUsage(AttributeTargets.Field, AllowMultiple = true, Inherited = false)]
    public class FormerlySerializedAsAttribute : Attribute
    {
        public FormerlySerializedAsAttribute(string oldName) { }
        public string oldName { get { throw null; } }
    }
}
