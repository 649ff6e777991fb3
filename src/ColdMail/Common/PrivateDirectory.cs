namespace ColdMail.Common;

/// <summary>Folders that hold secrets (database, private keys, key ring): for the service's user alone.</summary>
public static class PrivateDirectory
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the folder and missing parents with mode 0700; an existing folder keeps its mode.</summary>
    public static DirectoryInfo Create(string path) => OperatingSystem.IsWindows()
        ? Directory.CreateDirectory(path)
        : Directory.CreateDirectory(path, OwnerOnly);
}
