using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ColdMail.Storage;

/// <summary>Stores a point in time as its UTC ticks; read back with a zero offset.</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
