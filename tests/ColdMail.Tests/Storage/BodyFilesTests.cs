using ColdMail.Storage;
using Microsoft.Extensions.Time.Testing;

namespace ColdMail.Tests.Storage;

public sealed class BodyFilesTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    private readonly string _directory =
        Path.Combine(Path.GetTempPath(), "coldmail-bodies-" + Guid.NewGuid().ToString("N"));

    private readonly FakeTimeProvider _time = new(Start);

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Appended_bodies_read_back_byte_for_byte_from_where_they_were_written()
    {
        using var files = new BodyFiles(_directory, _time);
        var bodies = Enumerable.Range(0, 5).Select(i => Body(1000 + i * 333, (byte)('a' + i))).ToList();

        var locations = bodies.Select(files.Append).ToList();
        files.Sync();

        Assert.Equal([0, 1000, 2333, 3999, 5998], locations.Select(l => l.Offset));
        Assert.Single(locations.Select(l => l.Segment).Distinct());
        for (var i = 0; i < bodies.Count; i++)
        {
            Assert.Equal(bodies[i], await files.ReadAsync(locations[i], CancellationToken.None));
        }
    }

    [Fact]
    public async Task A_body_that_would_pass_the_segment_size_starts_a_new_segment_and_a_larger_one_goes_alone()
    {
        using var files = new BodyFiles(_directory, _time, segmentBytes: 100);

        var first = files.Append(Body(60, (byte)'a'));
        var second = files.Append(Body(60, (byte)'b'));
        var large = files.Append(Body(250, (byte)'c'));
        var after = files.Append(Body(10, (byte)'d'));
        files.Sync();

        Assert.Equal(4, new[] { first, second, large, after }.Select(l => l.Segment).Distinct().Count());
        Assert.All(new[] { first, second, large, after }, l => Assert.Equal(0, l.Offset));
        Assert.True(first.Segment < second.Segment && second.Segment < large.Segment && large.Segment < after.Segment);
        Assert.Equal(Body(250, (byte)'c'), await files.ReadAsync(large, CancellationToken.None));
        Assert.Equal(4, Directory.GetFiles(_directory, "*.body").Length);
    }

    [Fact]
    public void A_segment_left_idle_takes_no_more_bodies_so_no_other_process_deletes_one_still_written()
    {
        using var files = new BodyFiles(_directory, _time);
        var first = files.Append(Body(10, (byte)'a'));
        _time.Advance(BodyFiles.IdleSegmentLifetime - TimeSpan.FromSeconds(1));
        var soon = files.Append(Body(10, (byte)'b'));
        _time.Advance(BodyFiles.IdleSegmentLifetime);

        var later = files.Append(Body(10, (byte)'c'));

        Assert.Equal(first.Segment, soon.Segment);
        Assert.NotEqual(first.Segment, later.Segment);
        Assert.Equal(0, later.Offset);
    }

    [Fact]
    public async Task Bodies_appended_at_once_from_many_threads_each_read_back_whole_across_segments()
    {
        using var files = new BodyFiles(_directory, _time, segmentBytes: 64 * 1024);
        var bodies = Enumerable.Range(0, 400).Select(i => Body(1000 + i * 37 % 9000, (byte)(i % 250))).ToList();

        var locations = await Task.WhenAll(bodies.Select(b => Task.Run(() => files.Append(b))));
        files.Sync();

        Assert.True(locations.Select(l => l.Segment).Distinct().Count() > 1);
        Assert.All(locations.GroupBy(l => l.Segment), segment =>
        {
            // Every body has a place of its own: no two overlap.
            var ordered = segment.OrderBy(l => l.Offset).ToList();
            Assert.Equal(0, ordered[0].Offset);
            for (var i = 1; i < ordered.Count; i++)
            {
                Assert.Equal(ordered[i - 1].Offset + ordered[i - 1].Length, ordered[i].Offset);
            }
        });
        for (var i = 0; i < bodies.Count; i++)
        {
            Assert.Equal(bodies[i], await files.ReadAsync(locations[i], CancellationToken.None));
        }
    }

    [Fact]
    public async Task A_body_whose_bytes_on_disk_differ_from_its_checksum_reads_as_missing()
    {
        BodyLocation kept;
        BodyLocation damaged;
        using (var files = new BodyFiles(_directory, _time))
        {
            kept = files.Append(Body(500, (byte)'k'));
            damaged = files.Append(Body(500, (byte)'x'));
            files.Sync();
        }
        await using (var stream = File.OpenWrite(SegmentPath(damaged.Segment)))
        {
            stream.Position = damaged.Offset + 123;
            stream.WriteByte((byte)'y');
        }

        using var restarted = new BodyFiles(_directory, _time);
        Assert.Null(await restarted.ReadAsync(damaged, CancellationToken.None));
        Assert.Equal(Body(500, (byte)'k'), await restarted.ReadAsync(kept, CancellationToken.None));
    }

    [Fact]
    public async Task A_body_past_the_end_of_a_torn_segment_or_in_a_missing_one_reads_as_missing()
    {
        BodyLocation whole;
        BodyLocation torn;
        using (var files = new BodyFiles(_directory, _time))
        {
            whole = files.Append(Body(400, (byte)'w'));
            torn = files.Append(Body(400, (byte)'t'));
        }
        // A power cut that kept the first body and part of the second.
        await using (var stream = File.OpenWrite(SegmentPath(torn.Segment)))
        {
            stream.SetLength(torn.Offset + 399);
        }

        using var restarted = new BodyFiles(_directory, _time);
        Assert.Equal(Body(400, (byte)'w'), await restarted.ReadAsync(whole, CancellationToken.None));
        Assert.Null(await restarted.ReadAsync(torn, CancellationToken.None));
        Assert.Null(await restarted.ReadAsync(whole with { Segment = whole.Segment + 999 }, CancellationToken.None));
    }

    [Fact]
    public async Task Two_writers_on_one_folder_with_the_same_clock_never_share_a_segment()
    {
        using var first = new BodyFiles(_directory, _time);
        using var second = new BodyFiles(_directory, _time);

        var a = first.Append(Body(100, (byte)'a'));
        var b = second.Append(Body(100, (byte)'b'));
        first.Sync();
        second.Sync();

        Assert.Equal(Start.ToUnixTimeMilliseconds(), a.Segment);
        Assert.Equal(Start.ToUnixTimeMilliseconds() + 1, b.Segment);
        Assert.Equal(Body(100, (byte)'a'), await first.ReadAsync(a, CancellationToken.None));
        Assert.Equal(Body(100, (byte)'b'), await first.ReadAsync(b, CancellationToken.None));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_folder_and_segments_are_the_service_users_alone()
    {
        using var files = new BodyFiles(_directory, _time);

        var location = files.Append(Body(10, (byte)'p'));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(_directory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite,
            File.GetUnixFileMode(SegmentPath(location.Segment)));
    }

    [Fact]
    public void Only_old_segments_that_no_message_points_into_are_deleted_and_never_one_still_written()
    {
        using (var earlier = new BodyFiles(_directory, _time, segmentBytes: 10))
        {
            // An earlier run of the server: three closed segments.
            foreach (var letter in "abc")
            {
                earlier.Append(Body(10, (byte)letter));
            }
            earlier.Sync();
        }
        var old = Directory.GetFiles(_directory).Select(SegmentNumber).Order().ToList();
        foreach (var path in Directory.GetFiles(_directory))
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-3));
        }
        _time.Advance(TimeSpan.FromSeconds(1));
        using var files = new BodyFiles(_directory, _time, segmentBytes: 10);
        var current = files.Append(Body(10, (byte)'d'));
        File.SetLastWriteTimeUtc(SegmentPath(current.Segment), DateTime.UtcNow.AddHours(-3));
        var recent = Path.Combine(_directory, "1.body");
        File.WriteAllBytes(recent, Body(5, (byte)'r'));

        var deleted = files.DeleteUnreferenced(new HashSet<long> { old[1] }, TimeSpan.FromHours(1));

        Assert.Equal(2, deleted);
        Assert.Equal(
            new[] { 1, old[1], current.Segment }.Order(),
            Directory.GetFiles(_directory).Select(SegmentNumber).Order());
    }

    private string SegmentPath(long segment) => Path.Combine(_directory, $"{segment}.body");

    private static long SegmentNumber(string path) => long.Parse(Path.GetFileNameWithoutExtension(path));

    private static byte[] Body(int length, byte fill)
    {
        var body = new byte[length];
        Array.Fill(body, fill);
        return body;
    }
}
