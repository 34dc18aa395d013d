// Turns per-frame gaze hits into dwell events: one event per element per continuous look, never a raw
// gaze stream (protos/vrbridge.proto, GazeDwell). Short drop-outs (blinks, ray jitter) are bridged.
using System.Collections.Generic;
using VRBridge.Protocol;

namespace VRBridge.Logic
{
    public struct DwellEvent
    {
        public string ElementId;
        public string ContentId;
        public float DwellS;
        public GazeSource Source;
    }

    public sealed class GazeDwellTracker
    {
        /// <summary>Looks shorter than this are not reported.</summary>
        public float MinDwellS = 0.25f;
        /// <summary>Gaze may leave an element this long and still count as the same look.</summary>
        public float GraceS = 0.2f;
        /// <summary>A longer look is reported in pieces of this length so it is not held back.</summary>
        public float MaxDwellS = 30f;

        string m_Element;
        string m_Content;
        GazeSource m_Source;
        double m_Start, m_LastSeen;

        public string CurrentElement { get { return m_Element; } }

        /// <summary>Feeds one gaze sample: the element hit at <paramref name="now"/> (null for none).
        /// Finished looks are appended to <paramref name="finished"/>.</summary>
        public void Sample(double now, string elementId, string contentId, GazeSource source, List<DwellEvent> finished)
        {
            if (m_Element != null)
            {
                if (elementId == m_Element)
                {
                    m_LastSeen = now;
                    if (source == GazeSource.Eye) m_Source = GazeSource.Eye;
                    if (m_LastSeen - m_Start >= MaxDwellS)
                    {
                        Finish(finished);
                        Begin(now, elementId, contentId, source);
                    }
                    return;
                }
                if (elementId == null && now - m_LastSeen <= GraceS)
                    return; // a blink or jitter: still the same look
                Finish(finished);
            }
            if (elementId != null)
                Begin(now, elementId, contentId, source);
        }

        /// <summary>Ends the current look (session end, content swap).</summary>
        public void Flush(List<DwellEvent> finished)
        {
            if (m_Element != null) Finish(finished);
        }

        void Begin(double now, string elementId, string contentId, GazeSource source)
        {
            m_Element = elementId;
            m_Content = contentId;
            m_Source = source;
            m_Start = now;
            m_LastSeen = now;
        }

        void Finish(List<DwellEvent> finished)
        {
            float dwell = (float)(m_LastSeen - m_Start);
            if (dwell >= MinDwellS)
            {
                finished.Add(new DwellEvent
                {
                    ElementId = m_Element,
                    ContentId = m_Content,
                    DwellS = dwell,
                    Source = m_Source,
                });
            }
            m_Element = null;
            m_Content = null;
        }
    }
}
