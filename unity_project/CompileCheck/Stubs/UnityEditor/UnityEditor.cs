// Compile-only stub of the UnityEditor surface VRBridge's editor scripts use (UnityEditor.CoreModule in
// Unity 6), mirroring UnityCsReference: menu items, scenes, assets, prefabs, serialized objects, builds.
using System;
using UnityEngine;
using UnityEngine.SceneManagement;

namespace UnityEditor
{
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public sealed class MenuItem : Attribute
    {
        public MenuItem(string itemName) { }
        public MenuItem(string itemName, bool isValidateFunction) { }
        public MenuItem(string itemName, bool isValidateFunction, int priority) { }
    }

    public enum BuildTarget { StandaloneOSX = 2, StandaloneWindows = 5, iOS = 9, Android = 13, StandaloneWindows64 = 19, WebGL = 20, StandaloneLinux64 = 24 }
    public enum BuildTargetGroup { Unknown = 0, Standalone = 1, iOS = 4, Android = 7, WebGL = 13 }
    public enum StandaloneBuildSubtarget { Player = 0, Server = 1, NoSubtarget = -1 }

    [Flags]
    public enum BuildOptions { None = 0, Development = 1, AutoRunPlayer = 4, ShowBuiltPlayer = 8, AllowDebugging = 512, EnableHeadlessMode = 16384 }

    public struct BuildPlayerOptions
    {
        public string[] scenes { get { throw null; } set { } }
        public string locationPathName { get { throw null; } set { } }
        public string assetBundleManifestPath { get { throw null; } set { } }
        public BuildTargetGroup targetGroup { get { throw null; } set { } }
        public BuildTarget target { get { throw null; } set { } }
        public int subtarget { get { throw null; } set { } }
        public BuildOptions options { get { throw null; } set { } }
        public string[] extraScriptingDefines { get { throw null; } set { } }
    }

    public class BuildPipeline
    {
        public static Build.Reporting.BuildReport BuildPlayer(BuildPlayerOptions buildPlayerOptions) { throw null; }
        public static Build.Reporting.BuildReport BuildPlayer(string[] levels, string locationPathName, BuildTarget target, BuildOptions options) { throw null; }
    }

    public class EditorBuildSettingsScene
    {
        public EditorBuildSettingsScene() { }
        public EditorBuildSettingsScene(string path, bool enabled) { }
        public bool enabled { get { throw null; } set { } }
        public string path { get { throw null; } set { } }
    }

    public class EditorBuildSettings : UnityEngine.Object
    {
        public static EditorBuildSettingsScene[] scenes { get { throw null; } set { } }
    }

    public sealed class EditorApplication
    {
        public static bool isPlaying { get { throw null; } set { } }
        public static void Exit(int returnValue) { }
    }

    public class EditorUtility
    {
        public static bool DisplayDialog(string title, string message, string ok) { throw null; }
        public static bool DisplayDialog(string title, string message, string ok, string cancel) { throw null; }
        public static void SetDirty(UnityEngine.Object target) { }
    }

    public sealed class AssetDatabase
    {
        public static bool IsValidFolder(string path) { throw null; }
        public static string CreateFolder(string parentFolder, string newFolderName) { throw null; }
        public static string[] FindAssets(string filter) { throw null; }
        public static string[] FindAssets(string filter, string[] searchInFolders) { throw null; }
        public static string GUIDToAssetPath(string guid) { throw null; }
        public static T LoadAssetAtPath<T>(string assetPath) where T : UnityEngine.Object { throw null; }
        public static void CreateAsset(UnityEngine.Object asset, string path) { }
        public static void SaveAssets() { }
        public static void Refresh() { }
    }

    public sealed class PrefabUtility
    {
        public static GameObject SaveAsPrefabAsset(GameObject instanceRoot, string assetPath) { throw null; }
        public static GameObject SaveAsPrefabAsset(GameObject instanceRoot, string assetPath, out bool success) { throw null; }
        public static UnityEngine.Object InstantiatePrefab(UnityEngine.Object assetComponentOrGameObject) { throw null; }
        public static UnityEngine.Object InstantiatePrefab(UnityEngine.Object assetComponentOrGameObject, Transform parent) { throw null; }
    }

    public class SerializedObject : IDisposable
    {
        public SerializedObject(UnityEngine.Object obj) { }
        public SerializedObject(UnityEngine.Object[] objs) { }
        public UnityEngine.Object targetObject { get { throw null; } }
        public SerializedProperty FindProperty(string propertyPath) { throw null; }
        public bool ApplyModifiedProperties() { throw null; }
        public bool ApplyModifiedPropertiesWithoutUndo() { throw null; }
        public void Update() { }
        public void Dispose() { }
    }

    public class SerializedProperty : IDisposable
    {
        internal SerializedProperty() { }
        public string name { get { throw null; } }
        public UnityEngine.Object objectReferenceValue { get { throw null; } set { } }
        public int intValue { get { throw null; } set { } }
        public bool boolValue { get { throw null; } set { } }
        public float floatValue { get { throw null; } set { } }
        public string stringValue { get { throw null; } set { } }
        public int enumValueIndex { get { throw null; } set { } }
        public void Dispose() { }
    }
}

namespace UnityEditor.SceneManagement
{
    public enum NewSceneSetup { EmptyScene = 0, DefaultGameObjects = 1 }
    public enum NewSceneMode { Single = 0, Additive = 1 }

    public sealed class EditorSceneManager : SceneManager
    {
        public static Scene NewScene(NewSceneSetup setup) { throw null; }
        public static Scene NewScene(NewSceneSetup setup, NewSceneMode mode) { throw null; }
        public static bool SaveScene(Scene scene) { throw null; }
        public static bool SaveScene(Scene scene, string dstScenePath) { throw null; }
        public static bool SaveScene(Scene scene, string dstScenePath, bool saveAsCopy) { throw null; }
        public static bool SaveCurrentModifiedScenesIfUserWantsTo() { throw null; }
        public static Scene OpenScene(string scenePath) { throw null; }
        public static bool MarkSceneDirty(Scene scene) { throw null; }
    }
}

namespace UnityEditor.Build.Reporting
{
    public enum BuildResult { Unknown = 0, Succeeded = 1, Failed = 2, Cancelled = 3 }

    public struct BuildSummary
    {
        public BuildResult result { get { throw null; } }
        public int totalErrors { get { throw null; } }
        public int totalWarnings { get { throw null; } }
        public string outputPath { get { throw null; } }
        public ulong totalSize { get { throw null; } }
    }

    public sealed class BuildReport : UnityEngine.Object
    {
        public BuildSummary summary { get { throw null; } }
    }
}
