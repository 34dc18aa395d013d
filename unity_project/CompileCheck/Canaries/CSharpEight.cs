// Null-coalescing assignment is C# 8: Unity 6 accepts it, mcs (7.2) does not, so checked scripts avoid it.
class Canary
{
    string s;
    void F() { s ??= "x"; }
}
