using System.Buffers;

namespace ColdMail.Smtp;

/// <summary>
/// Message content in one pooled array that grows by doubling up to a cap. One per session, reused
/// for each message, so steady traffic allocates nothing per message.
/// </summary>
public sealed class MessageBuffer : IDisposable
{
    private const int InitialSize = 64 * 1024;

    // Kept between messages of one session; larger arrays go back to the pool so idle sessions hold little.
    private const int RetainedSize = 1024 * 1024;

    private byte[] _array = [];
    private int _length;

    public int Length => _length;

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, _length);

    /// <summary>Empties the buffer for a new message; a declared size (RFC 1870) sizes it at once.</summary>
    public void Reset(long? expectedSize, long cap)
    {
        _length = 0;
        var wanted = (int)Math.Min(Math.Max(expectedSize ?? 0, InitialSize), Math.Min(cap, Array.MaxLength));
        if (_array.Length < wanted)
        {
            Resize(wanted);
        }
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (_array.Length - _length < bytes.Length)
        {
            var needed = (long)_length + bytes.Length;
            Resize((int)Math.Min(Math.Max(needed, (long)_array.Length * 2), Array.MaxLength));
        }
        bytes.CopyTo(_array.AsSpan(_length));
        _length += bytes.Length;
    }

    public void Append(byte value)
    {
        if (_length == _array.Length)
        {
            Resize((int)Math.Min(Math.Max((long)_array.Length * 2, InitialSize), Array.MaxLength));
        }
        _array[_length++] = value;
    }

    /// <summary>Ends a message: a large array returns to the pool.</summary>
    public void Release()
    {
        if (_array.Length > RetainedSize)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = [];
        }
        _length = 0;
    }

    public void Dispose()
    {
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }
        _array = [];
        _length = 0;
    }

    private void Resize(int size)
    {
        var larger = ArrayPool<byte>.Shared.Rent(size);
        _array.AsSpan(0, _length).CopyTo(larger);
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }
        _array = larger;
    }
}
