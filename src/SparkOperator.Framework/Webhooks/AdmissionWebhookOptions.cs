namespace SparkOperator.Framework.Webhooks;

/// <summary>How the validating webhook endpoints bound their work.</summary>
public sealed record AdmissionWebhookOptions
{
    /// <summary>The default <see cref="ReviewBudget"/>.</summary>
    public static readonly TimeSpan DefaultReviewBudget = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Longest one review may spend judging its object (reading it into the entity and validating
    /// it), after which it is denied as over budget. Kept well below the registration's
    /// <c>timeoutSeconds</c>: the API server then gets a denial it can show, not a timeout that
    /// failurePolicy Fail turns into an error for every write of the kind, and a request thread is
    /// never held for longer than this by one object.
    /// </summary>
    public TimeSpan ReviewBudget { get; init; } = DefaultReviewBudget;
}
