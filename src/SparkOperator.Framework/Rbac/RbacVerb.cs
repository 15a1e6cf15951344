namespace SparkOperator.Framework.Rbac;

/// <summary>Kubernetes API verbs an RBAC rule grants. Combine them with <c>|</c>.</summary>
[Flags]
#pragma warning disable CA1714 // The enum names single verbs; the flags combine them, as RBAC does.
public enum RbacVerb
#pragma warning restore CA1714
{
    /// <summary>No verb.</summary>
    None = 0,

    /// <summary><c>get</c>: read one object.</summary>
    Get = 1 << 0,

    /// <summary><c>list</c>: read a collection.</summary>
    List = 1 << 1,

    /// <summary><c>watch</c>: follow changes.</summary>
    Watch = 1 << 2,

    /// <summary><c>create</c>.</summary>
    Create = 1 << 3,

    /// <summary><c>update</c>: replace (PUT).</summary>
    Update = 1 << 4,

    /// <summary><c>patch</c>, including server-side apply.</summary>
    Patch = 1 << 5,

    /// <summary><c>delete</c> one object.</summary>
    Delete = 1 << 6,

    /// <summary><c>deletecollection</c>.</summary>
    DeleteCollection = 1 << 7,

    /// <summary><c>bind</c>: reference a Role or ClusterRole in a binding without holding its rights.</summary>
    Bind = 1 << 8,

    /// <summary>Read access: get, list and watch.</summary>
    Read = Get | List | Watch,

    /// <summary>Every verb above, listed explicitly (never <c>*</c>).</summary>
    All = Read | Create | Update | Patch | Delete | DeleteCollection,
}
