// Routes content to the applier of its kind and slot, one message at a time, and answers every content
// message on the ack channel: APPLIED with the time spent, or REJECTED with the failed rule and where.
using System;
using System.Collections;
using System.Collections.Generic;
using UnityEngine;
using VRBridge.Logic;
using Pb = VRBridge.Protocol;

namespace VRBridge
{
    [DisallowMultipleComponent]
    [AddComponentMenu("VRBridge/Content Router")]
    public sealed class ContentRouter : MonoBehaviour
    {
        [SerializeField] BridgeChannels channels;
        [SerializeField] FeedbackHub hub;
        [Tooltip("Milliseconds of applying work per frame (a 90 Hz frame is 11.1 ms in all).")]
        [SerializeField] float frameBudgetMs = 2f;
        [Tooltip("Content waiting beyond this is dropped oldest-first (REJECTED: superseded).")]
        [SerializeField] int maxQueued = 4;

        struct Item
        {
            public Pb.ContentMessage Message;
            public bool Local;
        }

        readonly Queue<Item> m_Queue = new Queue<Item>();
        bool m_Busy;

        /// <summary>Raised when a message is done: (content id, applied, reason if rejected).</summary>
        public event Action<string, bool, string> Finished;

        public int Applied { get; private set; }
        public int Rejected { get; private set; }

        void Awake()
        {
            if (channels == null) channels = FindAnyObjectByType<BridgeChannels>();
            if (hub == null) hub = FindAnyObjectByType<FeedbackHub>();
        }

        void OnEnable()
        {
            if (channels == null || channels.Content == null) return;
            channels.Content.Received += OnReceived;
            channels.Content.Rejected += OnChannelRejected;
            channels.Content.ChunkArrived += OnChunk;
        }

        void OnDisable()
        {
            if (channels == null || channels.Content == null) return;
            channels.Content.Received -= OnReceived;
            channels.Content.Rejected -= OnChannelRejected;
            channels.Content.ChunkArrived -= OnChunk;
        }

        void OnReceived(Pb.ContentMessage msg)
        {
            Submit(msg, false);
        }

        void OnChannelRejected(string contentId, string reason)
        {
            Reject(contentId, "bad chunk: " + reason, false, 0f);
            SetPending();
        }

        void OnChunk(string contentId)
        {
            if (hub != null && hub.Aggregator != null) hub.Aggregator.ContentPending = true;
        }

        /// <summary>Queues a whole content message. <paramref name="local"/>: made in the scene (standalone
        /// generator), so no ack goes to Python.</summary>
        public void Submit(Pb.ContentMessage msg, bool local)
        {
            m_Queue.Enqueue(new Item { Message = msg, Local = local });
            while (m_Queue.Count > Mathf.Max(1, maxQueued))
            {
                Item dropped = m_Queue.Dequeue();
                Reject(dropped.Message.ContentId, "superseded: newer content arrived while it waited", dropped.Local, 0f);
            }
            SetPending();
            if (!m_Busy) StartCoroutine(Drain());
        }

        IEnumerator Drain()
        {
            m_Busy = true;
            while (m_Queue.Count > 0)
            {
                Item item = m_Queue.Dequeue();
                SetPending();
                yield return ApplyOne(item);
            }
            m_Busy = false;
            SetPending();
        }

        IEnumerator ApplyOne(Item item)
        {
            string cid = item.Message.ContentId;
            Pb.DecodedContent content;
            try
            {
                content = Pb.ContentDecoder.Decode(item.Message);
            }
            catch (Pb.BridgeException e)
            {
                Reject(cid, e.Message, item.Local, 0f);
                yield break;
            }
            ContentApplier applier = Find(content.Kind, content.Slot);
            if (applier == null)
            {
                Reject(cid, "slot at '" + content.Slot + "': no " + content.Kind + " applier takes it (" + Slots() + ")",
                       item.Local, 0f);
                yield break;
            }

            var budget = new FrameBudget(frameBudgetMs);
            budget.Restart();
            IEnumerator build = applier.Build(content, budget);
            Exception failure = null;
            while (true)
            {
                object step;
                try
                {
                    if (!build.MoveNext()) break;
                    step = build.Current;
                }
                catch (Exception e)
                {
                    failure = e;
                    break;
                }
                budget.Pause();
                yield return step;
                budget.Restart();
            }
            if (failure == null)
            {
                try
                {
                    applier.Commit(content);
                }
                catch (Exception e)
                {
                    failure = e;
                }
            }
            budget.Pause();
            if (failure != null)
            {
                try
                {
                    applier.Rollback();
                }
                catch (Exception e)
                {
                    Debug.LogException(e);
                }
                string reason = failure is Pb.BridgeException ? failure.Message : failure.GetType().Name + ": " + failure.Message;
                if (!(failure is Pb.BridgeException)) Debug.LogException(failure);
                Reject(cid, reason, item.Local, (float)budget.WorkMs);
                yield break;
            }
            Applied++;
            if (hub != null && hub.Aggregator != null) hub.Aggregator.ContentApplied(cid);
            if (!item.Local && channels != null && channels.Connected)
                channels.Acks.Send(Pb.Acks.Applied(cid, Now(), (float)budget.WorkMs));
            if (Finished != null) Finished(cid, true, "");
        }

        ContentApplier Find(Pb.ContentKind kind, string slot)
        {
            ContentApplier fallback = null;
            foreach (ContentApplier a in GetAppliers())
            {
                if (a.Kind != kind || !a.isActiveAndEnabled) continue;
                if (a.Slot == slot) return a;
                if (fallback == null && a.AcceptUnknownSlots && !SlotClaimed(kind, slot)) fallback = a;
            }
            return fallback;
        }

        bool SlotClaimed(Pb.ContentKind kind, string slot)
        {
            foreach (ContentApplier a in GetAppliers())
                if (a.Kind == kind && a.Slot == slot && a.isActiveAndEnabled) return true;
            return false;
        }

        ContentApplier[] GetAppliers()
        {
            return FindObjectsByType<ContentApplier>(FindObjectsSortMode.None);
        }

        string Slots()
        {
            var names = new List<string>();
            foreach (ContentApplier a in GetAppliers()) names.Add(a.Kind + " '" + a.Slot + "'");
            return names.Count == 0 ? "this scene has no content appliers" : "slots here: " + string.Join(", ", names.ToArray());
        }

        void Reject(string contentId, string reason, bool local, float applyMs)
        {
            Rejected++;
            Debug.LogWarning("VRBridge: content '" + contentId + "' rejected: " + reason);
            if (!local && channels != null && channels.Connected)
                channels.Acks.Send(Pb.Acks.Rejected(contentId, reason, Now(), applyMs));
            if (Finished != null) Finished(contentId, false, reason);
        }

        void SetPending()
        {
            if (hub == null || hub.Aggregator == null) return;
            bool chunksArriving = channels != null && channels.Content != null && channels.Content.Pending > 0;
            hub.Aggregator.ContentPending = m_Busy || m_Queue.Count > 0 || chunksArriving;
        }

        double Now()
        {
            return hub != null && hub.Aggregator != null ? hub.Now : Time.realtimeSinceStartupAsDouble;
        }
    }
}
