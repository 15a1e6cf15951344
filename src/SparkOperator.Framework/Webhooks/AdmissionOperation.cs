namespace SparkOperator.Framework.Webhooks;

/// <summary>The operation an AdmissionReview asks about.</summary>
public enum AdmissionOperation
{
    /// <summary>The object is being created.</summary>
    Create,

    /// <summary>The object is being changed; the old object is known.</summary>
    Update,

    /// <summary>The object is being deleted; only the old object is known.</summary>
    Delete,

    /// <summary>A connect subresource (exec, proxy) is being used.</summary>
    Connect,
}
