// The player's rating of the content they just experienced, on a 1..5 scale: flick the right thumbstick
// to choose, press the primary button (A) to send; keys 1-5 in the editor. UI can call Submit directly.
using System;
using UnityEngine;
using UnityEngine.InputSystem;

namespace VRBridge
{
    [AddComponentMenu("VRBridge/Rating Input")]
    public sealed class RatingInput : MonoBehaviour
    {
        [SerializeField] FeedbackHub hub;
        [SerializeField] float scaleMin = 1f;
        [SerializeField] float scaleMax = 5f;
        [SerializeField] string chooseBinding = "<XRController>{RightHand}/{Primary2DAxis}";
        [SerializeField] string submitBinding = "<XRController>{RightHand}/{PrimaryButton}";
        [Tooltip("Optional: child i (0-based) is shown for ratings above i, a simple star row.")]
        [SerializeField] Transform stars;

        InputAction m_Choose, m_Submit, m_Keys;
        float m_Selected;
        bool m_StickArmed = true;

        /// <summary>The rating currently chosen (not yet sent).</summary>
        public float Selected { get { return m_Selected; } }
        public event Action<float> Submitted;

        void Awake()
        {
            if (hub == null) hub = FindAnyObjectByType<FeedbackHub>();
            m_Selected = Mathf.Round((scaleMin + scaleMax) * 0.5f);
        }

        void OnEnable()
        {
            m_Choose = new InputAction("RatingChoose", InputActionType.Value, chooseBinding, expectedControlType: "Vector2");
            m_Submit = new InputAction("RatingSubmit", InputActionType.Button, submitBinding);
            m_Submit.AddBinding("<Keyboard>/enter");
            m_Keys = new InputAction("RatingKeys", InputActionType.Button);
            for (int i = 1; i <= 9; i++) m_Keys.AddBinding("<Keyboard>/" + i);
            m_Keys.performed += OnKey;
            m_Choose.Enable();
            m_Submit.Enable();
            m_Keys.Enable();
            ShowSelection();
        }

        void OnDisable()
        {
            m_Keys.performed -= OnKey;
            m_Choose.Dispose();
            m_Submit.Dispose();
            m_Keys.Dispose();
        }

        void Update()
        {
            float x = m_Choose.ReadValue<Vector2>().x;
            if (m_StickArmed && Mathf.Abs(x) > 0.7f)
            {
                m_StickArmed = false;
                m_Selected = Mathf.Clamp(m_Selected + Mathf.Sign(x), scaleMin, scaleMax);
                ShowSelection();
            }
            else if (Mathf.Abs(x) < 0.3f)
            {
                m_StickArmed = true;
            }
            if (m_Submit.WasPressedThisFrame()) Submit(m_Selected);
        }

        void OnKey(InputAction.CallbackContext ctx)
        {
            int digit;
            if (ctx.control != null && int.TryParse(ctx.control.name, out digit) && digit >= scaleMin && digit <= scaleMax)
                Submit(digit);
        }

        /// <summary>Sends a rating on [scaleMin, scaleMax] for the content applied last.</summary>
        public void Submit(float value)
        {
            m_Selected = Mathf.Clamp(value, scaleMin, scaleMax);
            ShowSelection();
            if (hub != null && hub.Aggregator != null) hub.Aggregator.Rating(m_Selected, scaleMin, scaleMax);
            if (Submitted != null) Submitted(m_Selected);
        }

        void ShowSelection()
        {
            if (stars == null) return;
            for (int i = 0; i < stars.childCount; i++)
                stars.GetChild(i).gameObject.SetActive(i < m_Selected - scaleMin + 1);
        }
    }
}
