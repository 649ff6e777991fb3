using ColdMail.Delivery;

namespace ColdMail.Tests.Delivery;

public sealed class BounceClassifierTests
{
    [Theory]
    [InlineData(DeliveryStage.RcptTo, 550, "5.1.1", BounceClass.Recipient)]
    [InlineData(DeliveryStage.RcptTo, 553, "5.1.3", BounceClass.Recipient)]
    [InlineData(DeliveryStage.RcptTo, 550, "5.2.1", BounceClass.Recipient)]
    [InlineData(DeliveryStage.Routing, 556, "5.1.10", BounceClass.Recipient)]
    [InlineData(DeliveryStage.Routing, 550, "5.1.2", BounceClass.Recipient)]
    [InlineData(DeliveryStage.RcptTo, 552, "5.2.2", BounceClass.Other)]
    [InlineData(DeliveryStage.Data, 552, "5.3.4", BounceClass.Other)]
    [InlineData(DeliveryStage.RcptTo, 550, "5.7.1", BounceClass.Sender)]
    [InlineData(DeliveryStage.Data, 550, "5.7.26", BounceClass.Sender)]
    [InlineData(DeliveryStage.RcptTo, 550, "5.1.8", BounceClass.Sender)]
    [InlineData(DeliveryStage.MailFrom, 550, "5.1.1", BounceClass.Sender)]
    [InlineData(DeliveryStage.Session, 554, "5.7.1", BounceClass.Sender)]
    [InlineData(DeliveryStage.Session, 554, null, BounceClass.Sender)]
    [InlineData(DeliveryStage.RcptTo, 550, null, BounceClass.Recipient)]
    [InlineData(DeliveryStage.RcptTo, 551, null, BounceClass.Recipient)]
    [InlineData(DeliveryStage.RcptTo, 554, null, BounceClass.Sender)]
    [InlineData(DeliveryStage.Data, 550, null, BounceClass.Other)]
    [InlineData(DeliveryStage.RcptTo, 552, null, BounceClass.Other)]
    public void Permanent_failures_are_classed_by_stage_and_code(
        DeliveryStage stage,
        int code,
        string? enhanced,
        BounceClass expected)
    {
        var result = new AttemptResult(stage, code, enhanced, "any text at all");

        Assert.Equal(expected, BounceClassifier.Classify(result));
    }

    [Fact]
    public void The_reply_text_alone_never_decides()
    {
        var worded = new AttemptResult(DeliveryStage.RcptTo, 550, "5.7.1", "User unknown, mailbox does not exist");

        Assert.Equal(BounceClass.Sender, BounceClassifier.Classify(worded));
    }
}
