// How a character's named float vector maps onto a rig. Conventions (README, "Characters"):
//   "scale"             uniform scale factor of the character root (0.5 .. 2)
//   "color.<slot>.r|g|b" colour channels in [0, 1] of the renderers bound to <slot>
//   anything else       a blendshape of that name, value in [0, 1] -> weight 0..100
using System.Collections.Generic;

namespace VRBridge.Logic
{
    public sealed class CharacterParamMap
    {
        public float? Scale;
        /// <summary>Colour slot -> RGB in [0, 1]; channels not sent stay NaN (keep the current one).</summary>
        public readonly Dictionary<string, float[]> Colours = new Dictionary<string, float[]>();
        /// <summary>Blendshape name -> weight in [0, 100].</summary>
        public readonly Dictionary<string, float> BlendShapes = new Dictionary<string, float>();

        public static CharacterParamMap From(string[] names, float[] values)
        {
            var map = new CharacterParamMap();
            for (int i = 0; i < names.Length; i++)
            {
                string n = names[i];
                float v = values[i];
                if (n == "scale")
                {
                    map.Scale = Clamp(v, 0.5f, 2f);
                    continue;
                }
                if (n.StartsWith("color.") && n.Length > 8 && n[n.Length - 2] == '.')
                {
                    string slot = n.Substring(6, n.Length - 8);
                    int channel = "rgb".IndexOf(n[n.Length - 1]);
                    if (slot.Length > 0 && channel >= 0)
                    {
                        float[] rgb;
                        if (!map.Colours.TryGetValue(slot, out rgb))
                        {
                            rgb = new[] { float.NaN, float.NaN, float.NaN };
                            map.Colours[slot] = rgb;
                        }
                        rgb[channel] = Clamp(v, 0f, 1f);
                        continue;
                    }
                }
                map.BlendShapes[n] = Clamp(v, 0f, 1f) * 100f;
            }
            return map;
        }

        static float Clamp(float v, float lo, float hi)
        {
            return v < lo ? lo : (v > hi ? hi : v);
        }
    }
}
