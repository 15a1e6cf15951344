using k8s;
using k8s.Models;

namespace SparkOperator.Framework.Informers;

/// <summary>Creates the watch source of a kind; replaceable in DI so tests can wrap the real one.</summary>
internal interface IWatchSourceFactory
{
    IWatchSource<T> Create<T>()
        where T : IKubernetesObject<V1ObjectMeta>;
}

/// <summary>Typed built-in calls for the kinds <see cref="BuiltInWatchSource{T}"/> knows, custom-object calls otherwise.</summary>
internal sealed class KubernetesWatchSourceFactory(IKubernetes client) : IWatchSourceFactory
{
    public IWatchSource<T> Create<T>()
        where T : IKubernetesObject<V1ObjectMeta> =>
        BuiltInWatchSource<T>.Supports ? new BuiltInWatchSource<T>(client) : new CustomResourceWatchSource<T>(client);
}
