using System.Text;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Delivery;

namespace SafetyFlow.UnitTests.Web.Features.Delivery;

public sealed class DeliveryRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Retries_wait_one_five_and_twenty_five_minutes_and_stop_after_the_last_attempt()
    {
        var options = new DeliveryOptions { MaxAttempts = 4, FirstRetryDelay = TimeSpan.FromMinutes(1) };

        Assert.Equal(TimeSpan.FromMinutes(1), options.RetryDelayAfter(1));
        Assert.Equal(TimeSpan.FromMinutes(5), options.RetryDelayAfter(2));
        Assert.Equal(TimeSpan.FromMinutes(25), options.RetryDelayAfter(3));
        Assert.Null(options.RetryDelayAfter(4));
    }

    [Fact]
    public void A_claimed_delivery_is_not_due_again_until_its_claim_runs_out()
    {
        var delivery = NewDelivery();
        delivery.Claim(Now, TimeSpan.FromMinutes(1));

        Assert.False(delivery.IsDueAt(Now.AddSeconds(59)));
        Assert.Throws<DomainException>(() => delivery.Claim(Now.AddSeconds(30), TimeSpan.FromMinutes(1)));
        Assert.True(delivery.IsDueAt(Now.AddMinutes(1)));
        Assert.Equal(1, delivery.Attempts);
    }

    [Fact]
    public void Only_a_failed_delivery_can_be_sent_again_and_it_gets_a_fresh_round_of_attempts()
    {
        var delivery = NewDelivery();
        Assert.Throws<DomainException>(() => delivery.Resend(Now));

        delivery.Claim(Now, TimeSpan.FromMinutes(1));
        delivery.MarkAttemptFailed("HTTP 500", Now, retryAfter: null);
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);

        delivery.Resend(Now.AddHours(1));
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.Equal(0, delivery.Attempts);
        Assert.True(delivery.IsDueAt(Now.AddHours(1)));

        delivery.Claim(Now.AddHours(1), TimeSpan.FromMinutes(1));
        delivery.MarkSent(Now.AddHours(1));
        Assert.Throws<DomainException>(() => delivery.Resend(Now.AddHours(2)));
    }

    [Fact]
    public void DingTalk_urls_carry_the_timestamp_and_the_url_encoded_signature()
    {
        var url = RobotMessages.SignDingTalkUrl("https://oapi.dingtalk.com/robot/send?access_token=abc", "SEC123", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

        Assert.Equal("https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000000&sign=lkcPI1uoxBY1gUnCnnPH1Kkru0Hqjo7rFpA3haIVhEQ%3D", url);
    }

    [Fact]
    public void Json_bodies_are_signed_with_the_hex_HMAC_SHA256_of_the_raw_body()
    {
        Assert.Equal(
            "sha256=c3a92ff9e274cdcce27a58c15a78ec6dcbbdbd0038a87e7a11baef2028fd8bff",
            WebhookChannel.Sign("k", Encoding.UTF8.GetBytes("""{"a":1}""")));
    }

    private static global::SafetyFlow.Web.Domain.Delivery NewDelivery() =>
        global::SafetyFlow.Web.Domain.Delivery.For(new OutboxMessage { NotificationId = Guid.NewGuid(), CreatedAt = Now }, Guid.NewGuid(), DeliveryChannel.Webhook, "group", "n:webhook:group", Now);
}
