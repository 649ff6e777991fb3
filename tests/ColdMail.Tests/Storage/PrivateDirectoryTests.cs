using ColdMail.Common;
using ColdMail.Configuration;
using ColdMail.Storage;
using Microsoft.Extensions.Options;

namespace ColdMail.Tests.Storage;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateDirectoryTests
{
    [Fact]
    public void A_new_data_directory_is_readable_by_its_owner_alone()
    {
        var root = Path.Combine(Path.GetTempPath(), "coldmail-private-" + Guid.NewGuid().ToString("N"));
        var dataDirectory = Path.Combine(root, "data");
        try
        {
            _ = new ColdMailDatabase(Options.Create(new ColdMailOptions { DataDirectory = dataDirectory }));

            var mode = File.GetUnixFileMode(dataDirectory);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, mode);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void An_existing_folder_keeps_its_mode()
    {
        var path = Path.Combine(Path.GetTempPath(), "coldmail-private-" + Guid.NewGuid().ToString("N"));
        var chosen = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute;
        Directory.CreateDirectory(path, chosen);
        try
        {
            PrivateDirectory.Create(path);

            Assert.Equal(chosen, File.GetUnixFileMode(path));
        }
        finally
        {
            Directory.Delete(path);
        }
    }
}
