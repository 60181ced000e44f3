using DaneKit.Web.Monitoring;

namespace DaneKit.Web.Tests.Monitoring;

public sealed class ScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0.0, 54)]
    [InlineData(0.5, 60)]
    [InlineData(0.999999, 66)]
    public void JitterMovesTheIntervalByAtMostTheFraction(double fraction, int minutes)
    {
        var due = Schedule.NextDue(Now, TimeSpan.FromHours(1), 0.1, fraction);
        Assert.Equal(minutes, (int)Math.Round((due - Now).TotalMinutes));
    }

    [Fact]
    public void RandomJitterStaysInBounds()
    {
        for (var i = 0; i < 10_000; i++)
        {
            var due = Schedule.NextDue(Now, TimeSpan.FromHours(1), 0.2, Schedule.SecureFraction());
            Assert.InRange(due - Now, TimeSpan.FromMinutes(48), TimeSpan.FromMinutes(72));
        }
    }

    [Fact]
    public void BadJitterIsClampedAndTheNextDueIsInTheFuture()
    {
        Assert.InRange(Schedule.NextDue(Now, TimeSpan.FromHours(1), 7, 0) - Now, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30));
        Assert.Equal(Now + TimeSpan.FromHours(1), Schedule.NextDue(Now, TimeSpan.FromHours(1), double.NaN, 0.3));
        Assert.Equal(Now + TimeSpan.FromSeconds(1), Schedule.NextDue(Now, TimeSpan.Zero, 0.1, 0.5));
    }

    [Fact]
    public void BackoffDoublesUpToTheCap()
    {
        Assert.Equal(AlertDelivery.FirstRetry, AlertDelivery.Backoff(1));
        Assert.Equal(AlertDelivery.FirstRetry * 2, AlertDelivery.Backoff(2));
        Assert.Equal(AlertDelivery.MaxBackoff, AlertDelivery.Backoff(50));
    }

    [Fact]
    public void NamesAreNormalized() => Assert.Equal("example.com.", Schedule.Normalize(" Example.COM "));
}
