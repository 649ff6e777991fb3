using System.ComponentModel;
using System.Runtime.InteropServices;

namespace ColdMail.Storage;

/// <summary>
/// Puts a folder's entries on the disk. A new file's data can be fsynced and still be lost in a power cut if
/// the entry that names it is not (fsync(2): "an explicit fsync() on a file descriptor for the directory is
/// also needed"). .NET opens no handle on a folder, so this asks the C library.
/// </summary>
internal static class DirectorySync
{
    // O_RDONLY opens a folder too; O_DIRECTORY would only add a check, and its value differs by architecture.
    private const int ReadOnly = 0;

    public static void Flush(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            // Limitation: elsewhere the folder entry reaches the disk when the system gets to it.
            return;
        }
        var descriptor = Open(path, ReadOnly);
        if (descriptor < 0)
        {
            throw new IOException($"Cannot open the folder {path} to flush it.",
                new Win32Exception(Marshal.GetLastPInvokeError()));
        }
        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new IOException($"Cannot flush the folder {path} to disk.",
                    new Win32Exception(Marshal.GetLastPInvokeError()));
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    // Plain platform invokes: runtime marshalling of one string needs no unsafe code.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int descriptor);
}
