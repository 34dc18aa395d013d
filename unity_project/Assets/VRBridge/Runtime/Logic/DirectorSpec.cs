// The content-director agent's ML-Agents spec (docs/ARCHITECTURE.md, "The director agent"); identical in
// python_bridge/unity/spec.py and the stand-in scene.
namespace VRBridge.Logic
{
    public static class DirectorSpec
    {
        public const string BehaviorName = "ContentDirector";
        public const int TeamId = 0;
        /// <summary>"ContentDirector?team=0", the name Python sees.</summary>
        public const string FullyQualifiedBehaviorName = BehaviorName + "?team=0";
        public const int ObservationSize = 8;
        /// <summary>Continuous actions in [-1, 1]: the point the Python policy chose.</summary>
        public const int ActionSize = 8;

        // Observation layout, all computed since the last applied content.
        public const int ObsSecondsSinceContentApplied = 0;
        public const int ObsGazeDwellTotalS = 1;
        public const int ObsLastRating01 = 2;      // -1 if none
        public const int ObsInteractionCount = 3;
        public const int ObsDiscomfortMax01 = 4;
        public const int ObsMeanSpeedMps = 5;
        public const int ObsContentPending = 6;    // 0/1
        public const int ObsDecisionReason = 7;    // ReasonCadence / ReasonExperienced

        public const int ReasonCadence = 0;
        public const int ReasonExperienced = 1;
    }
}
