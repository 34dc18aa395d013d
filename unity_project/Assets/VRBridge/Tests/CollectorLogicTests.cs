using System.Collections.Generic;
using NUnit.Framework;
using VRBridge.Logic;
using VRBridge.Protocol;

namespace VRBridge.Tests
{
    [TestFixture]
    public class GazeDwellTrackerTests
    {
        readonly List<DwellEvent> m_Out = new List<DwellEvent>();

        [SetUp]
        public void SetUp()
        {
            m_Out.Clear();
        }

        [Test]
        public void OneEventPerLookWithBlinksBridged()
        {
            var t = new GazeDwellTracker { MinDwellS = 0.25f, GraceS = 0.2f };
            t.Sample(0.0, "a", "c1", GazeSource.Head, m_Out);
            t.Sample(0.5, "a", "c1", GazeSource.Head, m_Out);
            t.Sample(0.6, null, null, GazeSource.Head, m_Out);   // a blink
            t.Sample(0.7, "a", "c1", GazeSource.Head, m_Out);
            t.Sample(1.0, "a", "c1", GazeSource.Head, m_Out);
            Assert.AreEqual(0, m_Out.Count);
            t.Sample(1.5, null, null, GazeSource.Head, m_Out);   // looked away for good
            Assert.AreEqual(1, m_Out.Count);
            Assert.AreEqual("a", m_Out[0].ElementId);
            Assert.AreEqual("c1", m_Out[0].ContentId);
            Assert.AreEqual(1.0f, m_Out[0].DwellS, 1e-6);
        }

        [Test]
        public void ShortGlancesAreNotReportedAndSwitchingEndsTheLook()
        {
            var t = new GazeDwellTracker { MinDwellS = 0.25f };
            t.Sample(0.0, "a", null, GazeSource.Head, m_Out);
            t.Sample(0.1, "b", null, GazeSource.Head, m_Out);    // glance at a: too short
            t.Sample(0.6, "b", null, GazeSource.Eye, m_Out);
            t.Flush(m_Out);
            Assert.AreEqual(1, m_Out.Count);
            Assert.AreEqual("b", m_Out[0].ElementId);
            Assert.AreEqual(GazeSource.Eye, m_Out[0].Source, "eye gaze during the look wins");
        }

        [Test]
        public void LongLooksAreReportedInPieces()
        {
            var t = new GazeDwellTracker { MaxDwellS = 10f };
            for (int i = 0; i <= 25; i++) t.Sample(i, "a", null, GazeSource.Head, m_Out);
            Assert.AreEqual(2, m_Out.Count);
            Assert.AreEqual(10f, m_Out[0].DwellS);
        }
    }

    [TestFixture]
    public class LocomotionWindowTests
    {
        [Test]
        public void SpeedDistanceAndTurnRatePerWindow()
        {
            var w = new LocomotionWindow(windowS: 5f, maxStepM: 1.5f);
            LocomotionSample s;
            bool done = false;
            for (int i = 0; i <= 10; i++)
            {
                // walk 0.5 m per half second along x, turning 10 degrees per step
                done = w.Add(i * 0.5, i * 0.5f, 0f, (i * 10f) % 360f, out s);
                if (done)
                {
                    Assert.AreEqual(10, i);
                    Assert.AreEqual(5f, s.DistanceM, 1e-5);
                    Assert.AreEqual(1f, s.SpeedMps, 1e-5);
                    Assert.AreEqual(20f, s.TurnRateDps, 1e-4);
                    Assert.AreEqual(5f, s.WindowS, 1e-6);
                }
            }
            Assert.IsTrue(done);
        }

        [Test]
        public void TeleportsAndYawWrapDoNotCount()
        {
            var w = new LocomotionWindow(windowS: 1f, maxStepM: 1.5f);
            LocomotionSample s;
            w.Add(0.0, 0f, 0f, 350f, out s);
            w.Add(0.5, 10f, 0f, 10f, out s);                    // a 10 m teleport; yaw 350 -> 10 is 20 degrees
            Assert.IsTrue(w.Add(1.0, 10.5f, 0f, 10f, out s));
            Assert.AreEqual(0.5f, s.DistanceM, 1e-5);
            Assert.AreEqual(20f, s.TurnRateDps, 1e-3);
        }
    }

    [TestFixture]
    public class DecisionScheduleTests
    {
        [Test]
        public void CadenceAndExperiencedReasons()
        {
            var d = new DecisionSchedule(1.0);
            Assert.AreEqual(DirectorSpec.ReasonCadence, d.Due(0.0, false), "first step decides at once");
            Assert.AreEqual(-1, d.Due(0.5, false));
            Assert.AreEqual(DirectorSpec.ReasonExperienced, d.Due(0.6, true), "experience does not wait");
            Assert.AreEqual(-1, d.Due(1.5, false), "and restarts the cadence");
            Assert.AreEqual(DirectorSpec.ReasonCadence, d.Due(1.6, false));
        }

        [Test]
        public void SpecMatchesTheArchitecture()
        {
            Assert.AreEqual("ContentDirector?team=0", DirectorSpec.FullyQualifiedBehaviorName);
            Assert.AreEqual(8, DirectorSpec.ObservationSize);
            Assert.AreEqual(8, DirectorSpec.ActionSize);
            Assert.AreEqual(7, DirectorSpec.ObsDecisionReason);
        }
    }

    [TestFixture]
    public class FrameBudgetTests
    {
        [Test]
        public void ExhaustsAndCountsOnlyWorkTime()
        {
            var b = new FrameBudget(1.0);
            b.Restart();
            var sw = System.Diagnostics.Stopwatch.StartNew();
            while (!b.Exhausted && sw.ElapsedMilliseconds < 1000) { }
            Assert.IsTrue(b.Exhausted);
            b.Pause();
            double work = b.WorkMs;
            System.Threading.Thread.Sleep(20);
            Assert.AreEqual(work, b.WorkMs, 1e-9, "paused time is not work");
            b.Restart();
            Assert.IsFalse(b.Exhausted);
        }
    }

    [TestFixture]
    public class PlayerIdentityTests
    {
        [Test]
        public void PseudonymsAreStableSaltedAndOpaque()
        {
            string a = PlayerIdentity.Pseudonym("salt1", "device");
            Assert.AreEqual(a, PlayerIdentity.Pseudonym("salt1", "device"));
            Assert.AreNotEqual(a, PlayerIdentity.Pseudonym("salt2", "device"));
            Assert.AreEqual(34, a.Length);
            StringAssert.StartsWith("p-", a);
            StringAssert.DoesNotContain("device", a);
            Assert.Throws<System.ArgumentException>(() => PlayerIdentity.Pseudonym("", "device"));
        }

        [Test]
        public void SaltsAndSessionIdsAreFresh()
        {
            Assert.AreNotEqual(PlayerIdentity.NewSalt(), PlayerIdentity.NewSalt());
            string s = PlayerIdentity.NewSessionId(new System.DateTime(2025, 1, 2, 3, 4, 5, System.DateTimeKind.Utc));
            StringAssert.StartsWith("s-20250102T030405-", s);
        }
    }
}
