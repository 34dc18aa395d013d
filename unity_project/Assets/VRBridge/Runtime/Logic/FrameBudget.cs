// A per-frame time budget for work spread over frames so that no VR frame hitches: do items until the
// budget is spent, yield a frame, restart.
using System.Diagnostics;

namespace VRBridge.Logic
{
    public sealed class FrameBudget
    {
        readonly Stopwatch m_Watch = new Stopwatch();
        readonly Stopwatch m_Total = new Stopwatch();

        /// <summary>Milliseconds of work allowed per frame (a 90 Hz frame is 11.1 ms in all).</summary>
        public double BudgetMs;

        public FrameBudget(double budgetMs)
        {
            BudgetMs = budgetMs;
        }

        /// <summary>Call at the start of each frame's slice of work.</summary>
        public void Restart()
        {
            m_Watch.Reset();
            m_Watch.Start();
            m_Total.Start();
        }

        /// <summary>Call when yielding: stops counting work time until the next Restart.</summary>
        public void Pause()
        {
            m_Watch.Stop();
            m_Total.Stop();
        }

        public bool Exhausted { get { return m_Watch.Elapsed.TotalMilliseconds >= BudgetMs; } }

        /// <summary>Work time summed over all slices since construction (for acks' apply_ms).</summary>
        public double WorkMs { get { return m_Total.Elapsed.TotalMilliseconds; } }
    }
}
