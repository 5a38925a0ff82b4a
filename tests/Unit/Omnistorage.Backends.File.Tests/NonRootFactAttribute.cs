namespace Omnistorage.Backends.File.Tests;

/// <summary>A fact that is skipped, with the reason shown, when the tests run as root (or elevated), which bypasses file permissions.</summary>
public sealed class NonRootFactAttribute : FactAttribute
{
    public NonRootFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Read-only directories are a POSIX permission test; Windows ACLs behave differently.";
        }
        else if (Environment.IsPrivilegedProcess)
        {
            Skip = "Running as root, which bypasses file permissions, so a permission-denied case cannot be produced.";
        }
    }
}
