// VRBridge > Build Demo Scene: the demo scene built from code (scenes cannot be authored without Unity).
// An XR rig (XRI Starter Assets' "XR Origin (XR Rig)" when that sample is imported, else a minimal one),
// the content director agent, the side channels, the router and four content slots (room, texture,
// terrain, character), and the feedback collectors, all wired. Batch mode:
//   Unity -batchmode -quit -projectPath unity_project -executeMethod VRBridge.EditorTools.DemoSceneBuilder.Build
using System.Collections.Generic;
using Unity.MLAgents.Actuators;
using Unity.MLAgents.Policies;
using Unity.XR.CoreUtils;
using UnityEditor;
using UnityEditor.SceneManagement;
using UnityEngine;
using UnityEngine.InputSystem;
using UnityEngine.InputSystem.XR;
using UnityEngine.Rendering;
using UnityEngine.XR.Interaction.Toolkit;
using UnityEngine.XR.Interaction.Toolkit.Inputs.Readers;
using UnityEngine.XR.Interaction.Toolkit.Interactables;
using UnityEngine.XR.Interaction.Toolkit.Interactors;
using VRBridge.Logic;

namespace VRBridge.EditorTools
{
    public static class DemoSceneBuilder
    {
        public const string DemoFolder = "Assets/VRBridge/Demo";
        public const string ScenePath = DemoFolder + "/VRBridgeDemo.unity";
        const string PrefabFolder = DemoFolder + "/Prefabs";
        const string MaterialFolder = DemoFolder + "/Materials";

        [MenuItem("VRBridge/Build Demo Scene", false, 10)]
        static void BuildFromMenu()
        {
            if (!EditorSceneManager.SaveCurrentModifiedScenesIfUserWantsTo()) return;
            Build();
            EditorUtility.DisplayDialog("VRBridge", "Built " + ScenePath + " and added it to the build settings.\n\n" +
                "Press Play with `vrbridge train --env editor` running, or without it to try the heuristic.", "OK");
        }

        /// <summary>Builds and saves the demo scene; safe to run again (it replaces the scene).</summary>
        public static void Build()
        {
            EnsureFolder(DemoFolder);
            EnsureFolder(PrefabFolder);
            EnsureFolder(MaterialFolder);
            var scene = EditorSceneManager.NewScene(NewSceneSetup.EmptyScene, NewSceneMode.Single);

            var sun = new GameObject("Directional Light").AddComponent<Light>();
            sun.type = LightType.Directional;
            sun.intensity = 1.1f;
            sun.transform.rotation = Quaternion.Euler(50f, -30f, 0f);

            Camera head = BuildRig();
            new GameObject("XR Interaction Manager").AddComponent<XRInteractionManager>();

            // The bridge: channels, feedback hub, router, rating input.
            var bridge = new GameObject("VRBridge");
            var channels = bridge.AddComponent<BridgeChannels>();
            var hub = bridge.AddComponent<FeedbackHub>();
            Wire(hub, "channels", channels);
            var router = bridge.AddComponent<ContentRouter>();
            Wire(router, "channels", channels);
            Wire(router, "hub", hub);
            var rating = bridge.AddComponent<RatingInput>();
            Wire(rating, "hub", hub);

            // The director agent: behaviour ContentDirector, 8 observations, 8 continuous actions.
            var directorGo = new GameObject("Content Director");
            var behavior = directorGo.AddComponent<BehaviorParameters>();
            behavior.BehaviorName = DirectorSpec.BehaviorName;
            behavior.TeamId = DirectorSpec.TeamId;
            behavior.BehaviorType = BehaviorType.Default;
            behavior.BrainParameters.VectorObservationSize = DirectorSpec.ObservationSize;
            behavior.BrainParameters.NumStackedVectorObservations = 1;
            behavior.BrainParameters.ActionSpec = ActionSpec.MakeContinuous(DirectorSpec.ActionSize);
            var director = directorGo.AddComponent<ContentDirectorAgent>();
            Wire(director, "hub", hub);
            var requester = directorGo.AddComponent<ContentDecisionRequester>();
            requester.TakeActionsBetweenDecisions = false;

            // Feedback collectors.
            var gaze = head.gameObject.AddComponent<GazeCollector>();
            Wire(gaze, "hub", hub);
            Wire(gaze, "head", head);
            var locomotion = head.gameObject.AddComponent<LocomotionCollector>();
            Wire(locomotion, "hub", hub);
            Wire(locomotion, "head", head.transform);
            BuildComfortButtons(hub);

            // Content slots.
            BuildRoomSlot();
            BuildTextureSlot();
            BuildTerrainSlot();
            BuildCharacterSlot();
#if VRBRIDGE_INFERENCE_ENGINE
            var standalone = bridge.AddComponent<StandaloneGenerator>();
            Wire(standalone, "director", director);
            Wire(standalone, "router", router);
            Wire(standalone, "channels", channels);
#endif

            EditorSceneManager.SaveScene(scene, ScenePath);
            AddToBuildSettings(ScenePath);
            AssetDatabase.SaveAssets();
            Debug.Log("VRBridge: built " + ScenePath);
        }

        // ------------------------------------------------------------------ rig

        static Camera BuildRig()
        {
            foreach (string guid in AssetDatabase.FindAssets("\"XR Origin (XR Rig)\" t:Prefab"))
            {
                var prefab = AssetDatabase.LoadAssetAtPath<GameObject>(AssetDatabase.GUIDToAssetPath(guid));
                if (prefab == null || prefab.GetComponent<XROrigin>() == null) continue;
                var rig = (GameObject)PrefabUtility.InstantiatePrefab(prefab);
                var origin = rig.GetComponent<XROrigin>();
                if (origin.Camera != null) return origin.Camera;
                Object.DestroyImmediate(rig);
            }
            Debug.Log("VRBridge: XRI Starter Assets not imported; building a minimal XR rig " +
                      "(import the sample for locomotion and full controller bindings).");
            var rigGo = new GameObject("XR Origin (VRBridge minimal rig)");
            var xrOrigin = rigGo.AddComponent<XROrigin>();
            var offset = new GameObject("Camera Offset");
            offset.transform.SetParent(rigGo.transform, false);
            var camGo = new GameObject("Main Camera");
            camGo.tag = "MainCamera";
            camGo.transform.SetParent(offset.transform, false);
            camGo.transform.localPosition = new Vector3(0f, 1.6f, 0f);
            var cam = camGo.AddComponent<Camera>();
            cam.nearClipPlane = 0.05f;
            camGo.AddComponent<AudioListener>();
            var headPose = camGo.AddComponent<TrackedPoseDriver>();
            headPose.positionInput = new InputActionProperty(new InputAction("Head Position", InputActionType.Value, "<XRHMD>/centerEyePosition", expectedControlType: "Vector3"));
            headPose.rotationInput = new InputActionProperty(new InputAction("Head Rotation", InputActionType.Value, "<XRHMD>/centerEyeRotation", expectedControlType: "Quaternion"));
            xrOrigin.Origin = rigGo;
            xrOrigin.CameraFloorOffsetObject = offset;
            xrOrigin.Camera = cam;
            xrOrigin.RequestedTrackingOriginMode = XROrigin.TrackingOriginMode.Floor;
            BuildController(offset.transform, "LeftHand");
            BuildController(offset.transform, "RightHand");
            return cam;
        }

        static void BuildController(Transform parent, string hand)
        {
            var go = new GameObject(hand + " Controller");
            go.transform.SetParent(parent, false);
            var pose = go.AddComponent<TrackedPoseDriver>();
            pose.positionInput = new InputActionProperty(new InputAction(hand + " Position", InputActionType.Value, "<XRController>{" + hand + "}/devicePosition", expectedControlType: "Vector3"));
            pose.rotationInput = new InputActionProperty(new InputAction(hand + " Rotation", InputActionType.Value, "<XRController>{" + hand + "}/deviceRotation", expectedControlType: "Quaternion"));
            var ray = go.AddComponent<XRRayInteractor>();
            var select = new XRInputButtonReader(hand + " Select", hand + " Select Value", false, XRInputButtonReader.InputSourceMode.InputAction);
            select.inputActionPerformed = new InputAction(hand + " Select", InputActionType.Button, "<XRController>{" + hand + "}/{GripButton}");
            select.inputActionValue = new InputAction(hand + " Select Value", InputActionType.Value, "<XRController>{" + hand + "}/{Grip}", expectedControlType: "Axis");
            ray.selectInput = select;
            var activate = new XRInputButtonReader(hand + " Activate", hand + " Activate Value", false, XRInputButtonReader.InputSourceMode.InputAction);
            activate.inputActionPerformed = new InputAction(hand + " Activate", InputActionType.Button, "<XRController>{" + hand + "}/{TriggerButton}");
            activate.inputActionValue = new InputAction(hand + " Activate Value", InputActionType.Value, "<XRController>{" + hand + "}/{Trigger}", expectedControlType: "Axis");
            ray.activateInput = activate;
        }

        // ------------------------------------------------------------------ slots

        static void BuildRoomSlot()
        {
            var slot = new GameObject("Slot main_room");
            var room = slot.AddComponent<RoomApplier>();
            room.Slot = "main_room";
            room.SetPrefab(RoomLayout.FloorKey, Piece("floor", PrimitiveType.Cube, new Vector3(1f, 0.1f, 1f), -0.05f, new Color(0.89f, 0.82f, 0.69f)));
            room.SetPrefab(RoomLayout.WallKey, Piece("wall", PrimitiveType.Cube, new Vector3(1f, 2.5f, 1f), 1.25f, new Color(0.29f, 0.31f, 0.36f)));
            room.SetPrefab(RoomLayout.DoorKey, Piece("door", PrimitiveType.Cube, new Vector3(0.9f, 2.1f, 0.15f), 1.05f, new Color(0.92f, 0.47f, 0.08f)));
            room.SetPrefab(RoomLayout.SpawnKey, Piece("spawn", PrimitiveType.Cylinder, new Vector3(0.6f, 0.01f, 0.6f), 0.01f, new Color(0.16f, 0.78f, 0.31f)));
            room.SetPrefab("small_prop", Piece("small_prop", PrimitiveType.Cube, new Vector3(0.45f, 0.45f, 0.45f), 0.225f, new Color(0.27f, 0.55f, 0.86f)));
            room.SetPrefab("large_prop", Piece("large_prop", PrimitiveType.Cube, new Vector3(0.9f, 0.8f, 0.9f), 0.4f, new Color(0.55f, 0.33f, 0.17f)));
            room.SetPrefab("interactable", Piece("interactable", PrimitiveType.Sphere, new Vector3(0.35f, 0.35f, 0.35f), 0.9f, new Color(0.86f, 0.2f, 0.67f)));
            room.SetPrefab("light", LightPiece());
            EditorUtility.SetDirty(room);
        }

        static void BuildTextureSlot()
        {
            var wall = GameObject.CreatePrimitive(PrimitiveType.Quad);
            wall.name = "Slot wall_texture";
            wall.transform.position = new Vector3(0f, 1.6f, 6f);
            wall.transform.localScale = new Vector3(4f, 3f, 1f);
            wall.GetComponent<Renderer>().sharedMaterial = MaterialFor("texture_wall", Color.white);
            var applier = wall.AddComponent<TextureApplier>();
            applier.Slot = "wall_texture";
            applier.Targets = new[] { wall.GetComponent<Renderer>() };
            wall.AddComponent<ContentElement>().Set("texture/wall", "");
        }

        static void BuildTerrainSlot()
        {
            var slot = new GameObject("Slot terrain");
            slot.transform.position = new Vector3(0f, -0.5f, 60f);
            var data = new TerrainData();
            data.heightmapResolution = 65;
            data.size = new Vector3(64f, 4f, 64f);
            AssetDatabase.CreateAsset(data, DemoFolder + "/DemoTerrain.asset");
            var terrainGo = Terrain.CreateTerrainGameObject(data);
            terrainGo.transform.SetParent(slot.transform, false);
            terrainGo.transform.localPosition = new Vector3(-32f, 0f, -32f);
            var applier = slot.AddComponent<TerrainApplier>();
            applier.Slot = "terrain";
            applier.Target = terrainGo.GetComponent<Terrain>();
        }

        static void BuildCharacterSlot()
        {
            var root = new GameObject("Slot character");
            root.transform.position = new Vector3(2.5f, 0f, 4f);
            var body = GameObject.CreatePrimitive(PrimitiveType.Capsule);
            body.name = "Body";
            body.transform.SetParent(root.transform, false);
            body.transform.localPosition = new Vector3(0f, 0.9f, 0f);
            body.GetComponent<Renderer>().sharedMaterial = MaterialFor("character_cloth", new Color(0.3f, 0.4f, 0.7f));
            var headGo = GameObject.CreatePrimitive(PrimitiveType.Sphere);
            headGo.name = "Head";
            headGo.transform.SetParent(root.transform, false);
            headGo.transform.localPosition = new Vector3(0f, 2.05f, 0f);
            headGo.transform.localScale = Vector3.one * 0.45f;
            headGo.GetComponent<Renderer>().sharedMaterial = MaterialFor("character_skin", new Color(0.9f, 0.75f, 0.62f));
            var applier = root.AddComponent<CharacterApplier>();
            applier.Slot = "character";
            // Primitives have no blendshapes: the demo character takes colours and scale; a rigged
            // character adds its SkinnedMeshRenderers here.
            applier.Bind(root.transform, new SkinnedMeshRenderer[0], new List<CharacterApplier.ColourSlot>
            {
                new CharacterApplier.ColourSlot { name = "skin", renderers = new[] { headGo.GetComponent<Renderer>() }, property = ColourProperty },
                new CharacterApplier.ColourSlot { name = "cloth", renderers = new[] { body.GetComponent<Renderer>() }, property = ColourProperty },
            });
            EditorUtility.SetDirty(applier);
        }

        static void BuildComfortButtons(FeedbackHub hub)
        {
            var panel = new GameObject("Comfort Buttons");
            panel.transform.position = new Vector3(-1.2f, 1.1f, 1.2f);
            string[] labels = { "fine", "uneasy", "stop" };
            float[] levels = { 0f, 0.5f, 1f };
            string[] reasons = { "fine", "motion", "motion" };
            Color[] colours = { new Color(0.2f, 0.8f, 0.3f), new Color(0.95f, 0.75f, 0.1f), new Color(0.9f, 0.2f, 0.2f) };
            for (int i = 0; i < labels.Length; i++)
            {
                var button = GameObject.CreatePrimitive(PrimitiveType.Cube);
                button.name = "Comfort " + labels[i];
                button.transform.SetParent(panel.transform, false);
                button.transform.localPosition = new Vector3(0f, 0f, i * 0.25f);
                button.transform.localScale = new Vector3(0.15f, 0.05f, 0.15f);
                button.GetComponent<Renderer>().sharedMaterial = MaterialFor("comfort_" + labels[i], colours[i]);
                button.AddComponent<XRSimpleInteractable>();
                var report = button.AddComponent<ComfortReportButton>();
                report.Configure(levels[i], reasons[i], "<Keyboard>/f" + (i + 1));
                Wire(report, "hub", hub);
            }
        }

        // ------------------------------------------------------------------ assets

        static GameObject Piece(string key, PrimitiveType shape, Vector3 size, float centreY, Color colour)
        {
            string path = PrefabFolder + "/" + key + ".prefab";
            var root = new GameObject(key);
            var mesh = GameObject.CreatePrimitive(shape);
            mesh.name = "Mesh";
            mesh.transform.SetParent(root.transform, false);
            mesh.transform.localPosition = new Vector3(0f, centreY, 0f);
            mesh.transform.localScale = size;
            mesh.GetComponent<Renderer>().sharedMaterial = MaterialFor(key, colour);
            var prefab = PrefabUtility.SaveAsPrefabAsset(root, path);
            Object.DestroyImmediate(root);
            return prefab;
        }

        static GameObject LightPiece()
        {
            string path = PrefabFolder + "/light.prefab";
            GameObject root = Object.Instantiate(Piece("light", PrimitiveType.Sphere, new Vector3(0.2f, 0.2f, 0.2f), 2.3f, new Color(1f, 0.92f, 0.24f)));
            var lamp = new GameObject("Lamp").AddComponent<Light>();
            lamp.transform.SetParent(root.transform, false);
            lamp.transform.localPosition = new Vector3(0f, 2.2f, 0f);
            lamp.type = LightType.Point;
            lamp.range = 6f;
            lamp.intensity = 1.5f;
            var prefab = PrefabUtility.SaveAsPrefabAsset(root, path);
            Object.DestroyImmediate(root);
            return prefab;
        }

        static Material MaterialFor(string name, Color colour)
        {
            string path = MaterialFolder + "/" + name + ".mat";
            var existing = AssetDatabase.LoadAssetAtPath<Material>(path);
            if (existing != null) return existing;
            Shader shader = UsesScriptableRenderPipeline ? Shader.Find("Universal Render Pipeline/Lit") : null;
            if (shader == null) shader = Shader.Find("Standard");
            var mat = new Material(shader);
            mat.color = colour;
            mat.enableInstancing = true;
            AssetDatabase.CreateAsset(mat, path);
            return mat;
        }

        /// <summary>URP (or another SRP) is active: materials use URP/Lit and _BaseColor, else Standard and _Color.</summary>
        static bool UsesScriptableRenderPipeline
        {
            get { return GraphicsSettings.currentRenderPipeline != null; }
        }

        static string ColourProperty
        {
            get { return UsesScriptableRenderPipeline ? "_BaseColor" : "_Color"; }
        }

        static void EnsureFolder(string path)
        {
            if (AssetDatabase.IsValidFolder(path)) return;
            int slash = path.LastIndexOf('/');
            EnsureFolder(path.Substring(0, slash));
            AssetDatabase.CreateFolder(path.Substring(0, slash), path.Substring(slash + 1));
        }

        static void AddToBuildSettings(string scenePath)
        {
            var scenes = new List<EditorBuildSettingsScene>(EditorBuildSettings.scenes);
            scenes.RemoveAll(s => s.path == scenePath);
            scenes.Insert(0, new EditorBuildSettingsScene(scenePath, true));
            EditorBuildSettings.scenes = scenes.ToArray();
        }

        /// <summary>Sets a private [SerializeField] reference the way the inspector would.</summary>
        static void Wire(Object component, string field, Object value)
        {
            var so = new SerializedObject(component);
            SerializedProperty prop = so.FindProperty(field);
            if (prop == null)
            {
                Debug.LogError("VRBridge: " + component.GetType().Name + " has no serialized field '" + field + "'");
                return;
            }
            prop.objectReferenceValue = value;
            so.ApplyModifiedPropertiesWithoutUndo();
        }
    }
}
