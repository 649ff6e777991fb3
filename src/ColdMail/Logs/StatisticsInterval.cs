namespace ColdMail.Logs;

/// <summary>The width of one row of the statistics: a UTC clock hour or a UTC day.</summary>
public enum StatisticsInterval
{
    Hour,
    Day,
}
