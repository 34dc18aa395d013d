// Compile-only stub: UnityEngine value types and Mathf (see Core.cs).
using System;

namespace UnityEngine
{
    public struct Vector2
    {
        public float x;
        public float y;
        public Vector2(float x, float y) { this.x = x; this.y = y; }
        public static Vector2 zero { get { throw null; } }
        public static Vector2 one { get { throw null; } }
        public float magnitude { get { throw null; } }
        public Vector2 normalized { get { throw null; } }
        public static Vector2 operator +(Vector2 a, Vector2 b) { throw null; }
        public static Vector2 operator -(Vector2 a, Vector2 b) { throw null; }
        public static Vector2 operator *(Vector2 a, float d) { throw null; }
        public static implicit operator Vector3(Vector2 v) { throw null; }
        public static implicit operator Vector2(Vector3 v) { throw null; }
    }

    public struct Vector3
    {
        public float x;
        public float y;
        public float z;
        public Vector3(float x, float y, float z) { this.x = x; this.y = y; this.z = z; }
        public Vector3(float x, float y) { this.x = x; this.y = y; z = 0f; }
        public float this[int index] { get { throw null; } set { } }
        public static Vector3 zero { get { throw null; } }
        public static Vector3 one { get { throw null; } }
        public static Vector3 up { get { throw null; } }
        public static Vector3 down { get { throw null; } }
        public static Vector3 forward { get { throw null; } }
        public static Vector3 back { get { throw null; } }
        public static Vector3 right { get { throw null; } }
        public static Vector3 left { get { throw null; } }
        public float magnitude { get { throw null; } }
        public float sqrMagnitude { get { throw null; } }
        public Vector3 normalized { get { throw null; } }
        public static float Distance(Vector3 a, Vector3 b) { throw null; }
        public static float Dot(Vector3 lhs, Vector3 rhs) { throw null; }
        public static Vector3 Cross(Vector3 lhs, Vector3 rhs) { throw null; }
        public static Vector3 Lerp(Vector3 a, Vector3 b, float t) { throw null; }
        public static Vector3 Scale(Vector3 a, Vector3 b) { throw null; }
        public static Vector3 ProjectOnPlane(Vector3 vector, Vector3 planeNormal) { throw null; }
        public static Vector3 operator +(Vector3 a, Vector3 b) { throw null; }
        public static Vector3 operator -(Vector3 a, Vector3 b) { throw null; }
        public static Vector3 operator -(Vector3 a) { throw null; }
        public static Vector3 operator *(Vector3 a, float d) { throw null; }
        public static Vector3 operator *(float d, Vector3 a) { throw null; }
        public static Vector3 operator /(Vector3 a, float d) { throw null; }
        public static bool operator ==(Vector3 lhs, Vector3 rhs) { throw null; }
        public static bool operator !=(Vector3 lhs, Vector3 rhs) { throw null; }
        public override bool Equals(object other) { throw null; }
        public override int GetHashCode() { throw null; }
    }

    public struct Quaternion
    {
        public float x;
        public float y;
        public float z;
        public float w;
        public Quaternion(float x, float y, float z, float w) { this.x = x; this.y = y; this.z = z; this.w = w; }
        public static Quaternion identity { get { throw null; } }
        public Vector3 eulerAngles { get { throw null; } set { } }
        public static Quaternion Euler(float x, float y, float z) { throw null; }
        public static Quaternion Euler(Vector3 euler) { throw null; }
        public static Quaternion AngleAxis(float angle, Vector3 axis) { throw null; }
        public static Quaternion LookRotation(Vector3 forward) { throw null; }
        public static Quaternion LookRotation(Vector3 forward, Vector3 upwards) { throw null; }
        public static Quaternion Inverse(Quaternion rotation) { throw null; }
        public static Quaternion operator *(Quaternion lhs, Quaternion rhs) { throw null; }
        public static Vector3 operator *(Quaternion rotation, Vector3 point) { throw null; }
    }

    public struct Color
    {
        public float r;
        public float g;
        public float b;
        public float a;
        public Color(float r, float g, float b, float a) { this.r = r; this.g = g; this.b = b; this.a = a; }
        public Color(float r, float g, float b) { this.r = r; this.g = g; this.b = b; a = 1f; }
        public static Color white { get { throw null; } }
        public static Color black { get { throw null; } }
        public static Color gray { get { throw null; } }
        public static Color red { get { throw null; } }
        public static Color green { get { throw null; } }
        public static Color blue { get { throw null; } }
        public static Color yellow { get { throw null; } }
        public static Color Lerp(Color a, Color b, float t) { throw null; }
    }

    public struct Ray
    {
        public Ray(Vector3 origin, Vector3 direction) { }
        public Vector3 origin { get { throw null; } set { } }
        public Vector3 direction { get { throw null; } set { } }
        public Vector3 GetPoint(float distance) { throw null; }
    }

    public struct Bounds
    {
        public Bounds(Vector3 center, Vector3 size) { }
        public Vector3 center { get { throw null; } set { } }
        public Vector3 size { get { throw null; } set { } }
        public Vector3 extents { get { throw null; } set { } }
    }

    public struct LayerMask
    {
        public int value { get { throw null; } set { } }
        public static implicit operator int(LayerMask mask) { throw null; }
        public static implicit operator LayerMask(int intVal) { throw null; }
        public static int GetMask(params string[] layerNames) { throw null; }
        public static int NameToLayer(string layerName) { throw null; }
    }

    public struct Mathf
    {
        public const float PI = 3.14159274F;
        public const float Infinity = float.PositiveInfinity;
        public const float NegativeInfinity = float.NegativeInfinity;
        public const float Deg2Rad = PI * 2F / 360F;
        public const float Rad2Deg = 1F / Deg2Rad;
        public static readonly float Epsilon = float.Epsilon;
        public static float Sin(float f) { throw null; }
        public static float Cos(float f) { throw null; }
        public static float Sqrt(float f) { throw null; }
        public static float Abs(float f) { throw null; }
        public static int Abs(int value) { throw null; }
        public static float Min(float a, float b) { throw null; }
        public static float Min(params float[] values) { throw null; }
        public static int Min(int a, int b) { throw null; }
        public static float Max(float a, float b) { throw null; }
        public static float Max(params float[] values) { throw null; }
        public static int Max(int a, int b) { throw null; }
        public static float Pow(float f, float p) { throw null; }
        public static float Sign(float f) { throw null; }
        public static float Round(float f) { throw null; }
        public static int RoundToInt(float f) { throw null; }
        public static int FloorToInt(float f) { throw null; }
        public static int CeilToInt(float f) { throw null; }
        public static float Clamp(float value, float min, float max) { throw null; }
        public static int Clamp(int value, int min, int max) { throw null; }
        public static float Clamp01(float value) { throw null; }
        public static float Lerp(float a, float b, float t) { throw null; }
        public static float InverseLerp(float a, float b, float value) { throw null; }
        public static float Repeat(float t, float length) { throw null; }
        public static bool Approximately(float a, float b) { throw null; }
        public static int NextPowerOfTwo(int value) { throw null; }
    }
}
