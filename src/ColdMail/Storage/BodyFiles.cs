using System.Globalization;
using System.IO.Hashing;
using ColdMail.Common;
using Microsoft.Win32.SafeHandles;

namespace ColdMail.Storage;

/// <summary>
/// Message bodies beside a SQLite database, appended to segment files instead of written into the database.
/// SQLite writes a body twice (into its log, one page per call, then into the database file at the checkpoint,
/// after reading it back); here it is one write, made durable by the same flush as the commit that records its
/// <see cref="BodyLocation"/> and before the client is told 250. A segment is written only by the process that
/// created it, each body at a place of its own, and never after that process moves on to a new one. Bytes that a
/// failed write or a power cut left behind belong to no acknowledged message, and the checksum tells them apart
/// from a good body.
/// </summary>
public sealed class BodyFiles : IDisposable
{
    /// <summary>
    /// A segment is closed once it holds this much: large enough that creating files (and flushing the folder)
    /// is rare, small enough that retention can remove old mail a few thousand messages at a time.
    /// </summary>
    public const long DefaultSegmentBytes = 64L * 1024 * 1024;

    /// <summary>
    /// A segment not written to for this long takes no more bodies: well inside the hour that
    /// <see cref="DeleteUnreferenced"/> callers wait, so a segment idle that long is never written again, whoever
    /// owns it, and may be deleted once no message points into it.
    /// </summary>
    public static readonly TimeSpan IdleSegmentLifetime = TimeSpan.FromMinutes(10);

    private const string Extension = ".body";

    private readonly long _segmentBytes;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    // Segments that take no new bodies, kept open until their last writes are done and flushed.
    private readonly List<Segment> _closing = [];
    private Segment? _current;
    private long _lastNumber;
    private bool _disposed;

    public BodyFiles(string directory, TimeProvider time, long segmentBytes = DefaultSegmentBytes)
    {
        Directory = directory;
        _time = time;
        _segmentBytes = segmentBytes;
    }

    /// <summary>The folder of the segment files.</summary>
    public string Directory { get; }

    /// <summary>The folder of the bodies of the SQLite database at <paramref name="databasePath"/>.</summary>
    public static string DirectoryFor(string databasePath) => databasePath + "-bodies";

    /// <summary>XxHash3: fast enough to run on every body, and meant to catch damage, not tampering.</summary>
    public static long Checksum(ReadOnlySpan<byte> content) => unchecked((long)XxHash3.HashToUInt64(content));

    /// <summary>
    /// Writes the body at the end of the current segment and says where it lies. It is in the operating
    /// system's cache on return (a crash of the process loses nothing) and on the disk after the next
    /// <see cref="Sync"/>. Callers append at once, each at a place of its own: only the reservation takes the lock.
    /// </summary>
    public BodyLocation Append(byte[] content)
    {
        var checksum = Checksum(content);
        Segment segment;
        long offset;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetUtcNow();
            if (_current is null
                || (_current.Length > 0 && _current.Length + content.Length > _segmentBytes)
                || now - _current.LastAppend >= IdleSegmentLifetime)
            {
                OpenNextSegment();
            }
            segment = _current!;
            offset = segment.Length;
            segment.Length += content.Length;
            segment.Writers++;
            segment.LastAppend = now;
        }
        try
        {
            // A write that fails leaves its place unreferenced: no message row ever points there.
            RandomAccess.Write(segment.Handle, content, offset);
        }
        finally
        {
            lock (_lock)
            {
                segment.Writers--;
                segment.Dirty = true;
            }
        }
        return new BodyLocation(segment.Number, offset, content.Length, checksum);
    }

    /// <summary>
    /// Puts every body appended before the call on the disk; throws when the disk refuses. One call at a time
    /// (the flusher makes them in turn).
    /// </summary>
    public void Sync()
    {
        List<Segment> dirty;
        lock (_lock)
        {
            dirty = [.. _closing.Where(s => s.Dirty)];
            if (_current is { Dirty: true } current)
            {
                dirty.Add(current);
            }
            dirty.ForEach(s => s.Dirty = false);
        }
        try
        {
            foreach (var segment in dirty)
            {
                RandomAccess.FlushToDisk(segment.Handle);
            }
        }
        catch
        {
            // What was not flushed stays owed, so a later flush cannot claim it.
            lock (_lock)
            {
                dirty.ForEach(s => s.Dirty = true);
            }
            throw;
        }
        lock (_lock)
        {
            // A closed segment is let go once nothing is left to write or flush in it.
            foreach (var segment in _closing.Where(s => !s.Dirty && s.Writers == 0).ToList())
            {
                _closing.Remove(segment);
                segment.Handle.Dispose();
            }
        }
    }

    /// <summary>
    /// The body at <paramref name="location"/>, or null when it is not there as it was written: the segment is
    /// gone, shorter than the location says, or the bytes do not match the checksum (they never reached the disk).
    /// </summary>
    public async Task<byte[]?> ReadAsync(BodyLocation location, CancellationToken cancellationToken)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(PathOf(location.Segment), FileMode.Open, FileAccess.Read,
                FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        using (handle)
        {
            var content = new byte[location.Length];
            var read = 0;
            while (read < content.Length)
            {
                var count = await RandomAccess.ReadAsync(
                    handle, content.AsMemory(read), location.Offset + read, cancellationToken);
                if (count == 0)
                {
                    return null;
                }
                read += count;
            }
            return Checksum(content) == location.Checksum ? content : null;
        }
    }

    /// <summary>
    /// Deletes the segments that no stored message points into, leaving alone those this process may still
    /// append to or flush and any written to within <paramref name="quiet"/> (another process's, or one whose
    /// bodies' commit is still on its way). <paramref name="quiet"/> must be longer than
    /// <see cref="IdleSegmentLifetime"/>. Returns how many it deleted.
    /// </summary>
    public int DeleteUnreferenced(IReadOnlySet<long> referenced, TimeSpan quiet)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return 0;
        }
        HashSet<long> open;
        lock (_lock)
        {
            open = [.. _closing.Select(s => s.Number)];
            if (_current is not null)
            {
                open.Add(_current.Number);
            }
        }
        // The file system stamps writes with the system's clock, so they are compared with it, not with _time.
        var writtenBefore = DateTime.UtcNow - quiet;
        var deleted = 0;
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + Extension))
        {
            if (NumberOf(path) is not { } number || referenced.Contains(number) || open.Contains(number)
                || File.GetLastWriteTimeUtc(path) >= writtenBefore)
            {
                continue;
            }
            File.Delete(path);
            deleted++;
        }
        return deleted;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var segment in _closing)
            {
                segment.Handle.Dispose();
            }
            _closing.Clear();
            _current?.Handle.Dispose();
            _current = null;
        }
    }

    private void OpenNextSegment()
    {
        if (_current is { } full)
        {
            _closing.Add(full);
        }
        PrivateDirectory.Create(Directory);
        // Numbered by the clock in milliseconds, so numbers rise across restarts; CreateNew makes two processes
        // (or a clock set back) take different ones.
        var number = Math.Max(_lastNumber + 1, _time.GetUtcNow().ToUnixTimeMilliseconds());
        while (true)
        {
            try
            {
                var handle = File.OpenHandle(PathOf(number), FileMode.CreateNew, FileAccess.ReadWrite,
                    FileShare.Read | FileShare.Delete);
                if (!OperatingSystem.IsWindows())
                {
                    // Bodies are the senders' mail: for the service's user alone, as the database is.
                    File.SetUnixFileMode(handle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
                _current = new Segment(number, handle) { LastAppend = _time.GetUtcNow() };
                _lastNumber = number;
                break;
            }
            catch (IOException) when (File.Exists(PathOf(number)))
            {
                number++;
            }
        }
        // The new file's name must survive a power cut as surely as the bodies in it.
        DirectorySync.Flush(Directory);
    }

    private string PathOf(long number)
        => Path.Combine(Directory, number.ToString(CultureInfo.InvariantCulture) + Extension);

    private static long? NumberOf(string path)
        => long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture,
            out var number) ? number : null;

    private sealed class Segment(long number, SafeFileHandle handle)
    {
        public long Number { get; } = number;

        public SafeFileHandle Handle { get; } = handle;

        /// <summary>Bytes reserved so far, written or being written.</summary>
        public long Length { get; set; }

        public DateTimeOffset LastAppend { get; set; }

        /// <summary>Appends under way.</summary>
        public int Writers { get; set; }

        /// <summary>Written to since its last flush began.</summary>
        public bool Dirty { get; set; }
    }
}
