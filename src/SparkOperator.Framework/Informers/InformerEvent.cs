using k8s;

namespace SparkOperator.Framework.Informers;

/// <summary>
/// A change the informer applied to its store. <see cref="Old"/> is the object it replaced or removed
/// (null for Added). After a relist, changes missed during the gap arrive as Modified/Deleted.
/// </summary>
internal sealed record InformerEvent<T>(WatchEventType Type, T Object, T? Old);
