using System.Collections.Generic;
using NUnit.Framework;
using VRBridge.Logic;
using VRBridge.Protocol;

namespace VRBridge.Tests
{
    [TestFixture]
    public class FeedbackAggregatorTests
    {
        double m_Now;
        FeedbackAggregator m_Agg;

        [SetUp]
        public void SetUp()
        {
            m_Now = 0;
            m_Agg = new FeedbackAggregator("p-x", "s-x", () => m_Now);
        }

        float[] Obs(int reason = DirectorSpec.ReasonCadence)
        {
            return m_Agg.Observation(reason);
        }

        [Test]
        public void BeforeAnyContentOnlyPendingIsSet()
        {
            m_Now = 5;
            CollectionAssert.AreEqual(new float[] { 0, 0, -1, 0, 0, 0, 1, 0 }, Obs());
        }

        [Test]
        public void SummarisesEverythingSinceTheLastAppliedContent()
        {
            m_Now = 10;
            m_Agg.ContentApplied("c1");
            m_Now = 12;
            m_Agg.GazeDwell("a", 1.5f, GazeSource.Head);
            m_Agg.GazeDwell("b", 0.5f, GazeSource.Eye);
            m_Agg.Interaction("a", InteractionKind.Select, 0.25f);
            m_Agg.Interaction("a", InteractionKind.Hover, 1f);
            m_Agg.Comfort(0.25f, "motion");
            m_Agg.Comfort(0.75f, "height");
            m_Agg.Comfort(0.5f, "motion");
            m_Agg.Locomotion(new LocomotionSample { SpeedMps = 1f, WindowS = 5f });
            m_Agg.Locomotion(new LocomotionSample { SpeedMps = 0.5f, WindowS = 5f });
            m_Agg.Rating(4f, 1f, 5f);
            m_Now = 14.5;
            float[] obs = Obs(DirectorSpec.ReasonExperienced);
            CollectionAssert.AreEqual(new float[] { 4.5f, 2f, 0.75f, 2f, 0.75f, 0.75f, 0f, 1f }, obs);
            Assert.AreEqual(10, m_Agg.QueuedEvents);
        }

        [Test]
        public void ANewContentStartsTheSummaryOver()
        {
            m_Agg.ContentApplied("c1");
            m_Agg.GazeDwell("a", 3f, GazeSource.Head);
            m_Agg.Rating(5f, 1f, 5f);
            m_Now = 2;
            m_Agg.ContentApplied("c2");
            CollectionAssert.AreEqual(new float[] { 0, 0, -1, 0, 0, 0, 0, 0 }, Obs());
            Assert.AreEqual("c2", m_Agg.CurrentContentId);
        }

        [Test]
        public void ContentPendingFollowsTheRouter()
        {
            m_Agg.ContentApplied("c1");
            m_Agg.ContentPending = true;
            Assert.AreEqual(1f, Obs()[DirectorSpec.ObsContentPending]);
            m_Agg.ContentPending = false;
            Assert.AreEqual(0f, Obs()[DirectorSpec.ObsContentPending]);
        }

        [Test]
        public void ExperiencedByRatingOrDwellOncePerContent()
        {
            Assert.IsFalse(m_Agg.Experienced, "nothing applied yet");
            m_Agg.ContentApplied("c1");
            Assert.IsFalse(m_Agg.Experienced);
            m_Agg.Rating(3f, 1f, 5f);
            Assert.IsTrue(m_Agg.Experienced);
            m_Agg.ConsumeExperienced();
            Assert.IsFalse(m_Agg.Experienced, "one reason-1 decision per content");
            m_Agg.ContentApplied("c2");
            m_Agg.ExperiencedDwellS = 4;
            m_Agg.GazeDwell("a", 3f, GazeSource.Head);
            Assert.IsFalse(m_Agg.Experienced);
            m_Agg.GazeDwell("b", 1f, GazeSource.Head);
            Assert.IsTrue(m_Agg.Experienced);
        }

        [Test]
        public void RatingsAreClampedAndMappedToUnitRange()
        {
            m_Agg.ContentApplied("c1");
            m_Agg.Rating(9f, 1f, 5f);
            Assert.AreEqual(1f, Obs()[DirectorSpec.ObsLastRating01]);
            m_Agg.Rating(1f, 1f, 5f);
            Assert.AreEqual(0f, Obs()[DirectorSpec.ObsLastRating01]);
        }

        [Test]
        public void DropsNonFiniteNumbersAndEmptyScales()
        {
            m_Agg.GazeDwell("a", float.NaN, GazeSource.Head);
            m_Agg.Rating(3f, 5f, 5f);
            m_Agg.Comfort(float.PositiveInfinity, "x");
            m_Agg.Locomotion(new LocomotionSample { SpeedMps = float.NaN });
            m_Agg.Interaction("a", InteractionKind.Hover, -1f);
            Assert.AreEqual(0, m_Agg.QueuedEvents);
            Assert.AreEqual(5, m_Agg.Dropped);
        }

        [Test]
        public void QueueIsBoundedOldestFirst()
        {
            m_Agg.MaxQueuedEvents = 3;
            for (int i = 0; i < 5; i++) m_Agg.GazeDwell("e" + i, 1f, GazeSource.Head);
            Assert.AreEqual(3, m_Agg.QueuedEvents);
            Assert.AreEqual(2, m_Agg.Dropped);
            Assert.AreEqual("e2", m_Agg.TakeBatch().Events[0].GazeDwell.ElementId);
        }

        [Test]
        public void BatchesStayUnderTheByteCap()
        {
            for (int i = 0; i < 200; i++) m_Agg.Comfort(0.5f, new string('r', 100));
            var sizes = new List<int>();
            FeedbackBatch b;
            int events = 0;
            while ((b = m_Agg.TakeBatch(2000)) != null)
            {
                sizes.Add(b.CalculateSize());
                events += b.Events.Count;
                Assert.IsNotNull(b.Header);
            }
            Assert.AreEqual(200, events);
            Assert.Greater(sizes.Count, 5);
            foreach (int s in sizes) Assert.LessOrEqual(s, 2000);
        }

        [Test]
        public void SessionEndIsReportedOnce()
        {
            m_Agg.StartSession("s-1", "dev", "1");
            m_Now = 30;
            m_Agg.EndSession("quit");
            m_Agg.EndSession("again");
            var batch = m_Agg.TakeBatch();
            Assert.AreEqual(2, batch.Events.Count);
            Assert.AreEqual(30f, batch.Events[1].SessionEnd.DurationS);
            Assert.AreEqual("s-1", batch.Events[1].SessionId);
        }
    }
}
