using SparkOperator.Controllers;

namespace SparkOperator.Tests.Controllers;

public class SubmissionLedgerTests
{
    [Test]
    public void A_status_without_the_recorded_attempt_is_behind()
    {
        var ledger = new SubmissionLedger();
        ledger.Recorded("uid", 1);

        Assert.That(ledger.IsBehind("uid", null), Is.True, "the cache still shows the application before its first status");
        Assert.That(ledger.IsBehind("uid", 1), Is.False, "the recorded attempt reached the cache");
        Assert.That(ledger.IsBehind("other", null), Is.False, "nothing is known of other applications");
    }

    [Test]
    public void Only_a_later_attempt_moves_the_ledger()
    {
        var ledger = new SubmissionLedger();
        ledger.Recorded("uid", 2);
        ledger.Recorded("uid", 1);

        Assert.That(ledger.IsBehind("uid", 1), Is.True);
        Assert.That(ledger.IsBehind("uid", 2), Is.False);
    }

    [Test]
    public void A_forgotten_application_is_decided_from_the_cache_again()
    {
        var ledger = new SubmissionLedger();
        ledger.Recorded("uid", 3);
        ledger.Forget("uid");

        Assert.That(ledger.IsBehind("uid", null), Is.False);
    }
}
