// Player builds from the command line (README: "Build a headless Linux player", "Quest via Link"):
//   Unity -batchmode -quit -projectPath unity_project -executeMethod VRBridge.EditorTools.PlayerBuilds.HeadlessLinux
//   Unity -batchmode -quit -projectPath unity_project -executeMethod VRBridge.EditorTools.PlayerBuilds.WindowsForLink
// Output folder: -vrbridgeOut <dir> (default Builds/<target>). Both are Mono desktop players, where the
// ML-Agents gRPC link works; Android/IL2CPP builds can only run the standalone generator.
using System;
using UnityEditor;
using UnityEditor.Build.Reporting;
using UnityEngine;

namespace VRBridge.EditorTools
{
    public static class PlayerBuilds
    {
        [MenuItem("VRBridge/Build Headless Linux Player", false, 30)]
        public static void HeadlessLinux()
        {
            Build(BuildTarget.StandaloneLinux64, (int)StandaloneBuildSubtarget.Server, "Builds/LinuxServer/vrbridge.x86_64");
        }

        [MenuItem("VRBridge/Build Windows Player (Quest via Link)", false, 31)]
        public static void WindowsForLink()
        {
            Build(BuildTarget.StandaloneWindows64, (int)StandaloneBuildSubtarget.Player, "Builds/Windows/vrbridge.exe");
        }

        static void Build(BuildTarget target, int subtarget, string defaultPath)
        {
            if (EditorBuildSettings.scenes.Length == 0) DemoSceneBuilder.Build();
            var scenes = new string[EditorBuildSettings.scenes.Length];
            for (int i = 0; i < scenes.Length; i++) scenes[i] = EditorBuildSettings.scenes[i].path;
            var options = new BuildPlayerOptions
            {
                scenes = scenes,
                locationPathName = OutPath(defaultPath),
                target = target,
                subtarget = subtarget,
                options = BuildOptions.None,
            };
            BuildReport report = BuildPipeline.BuildPlayer(options);
            bool ok = report.summary.result == BuildResult.Succeeded;
            Debug.Log("VRBridge: " + target + " build " + report.summary.result + " -> " + options.locationPathName);
            if (Application.isBatchMode) EditorApplication.Exit(ok ? 0 : 1);
        }

        static string OutPath(string defaultPath)
        {
            string[] args = Environment.GetCommandLineArgs();
            for (int i = 0; i < args.Length - 1; i++)
            {
                if (args[i] == "-vrbridgeOut")
                    return System.IO.Path.Combine(args[i + 1], System.IO.Path.GetFileName(defaultPath));
            }
            return defaultPath;
        }
    }
}
