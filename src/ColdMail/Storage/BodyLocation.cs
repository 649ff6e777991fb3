namespace ColdMail.Storage;

/// <summary>
/// Where a message body lies in the body files: the segment's number, the offset of its first byte, its length
/// and an XxHash3 checksum of its bytes, so a body that never reached the disk is told from a good one.
/// </summary>
public readonly record struct BodyLocation(long Segment, long Offset, int Length, long Checksum);
