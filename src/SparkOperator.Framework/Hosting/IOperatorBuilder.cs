using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using SparkOperator.Framework.Controllers;

namespace SparkOperator.Framework.Hosting;

/// <summary>
/// Registers controllers and finalizers with the runtime that <c>AddOperator</c> added.
/// </summary>
/// <example>
/// <code>
/// services.AddOperator(configuration, o => o.Name = "spark-operator")
///     .AddController&lt;SparkApplicationController, SparkApplication&gt;(c => c
///         .Owns&lt;V1Job&gt;()
///         .Owns&lt;V1Pod&gt;(mapByLabel: pod => ...))
///     .AddFinalizer&lt;SparkApplicationFinalizer, SparkApplication&gt;("sparkoperator.dev/cleanup");
/// </code>
/// </example>
public interface IOperatorBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }

    /// <summary>
    /// Runs <typeparamref name="TController"/> (scoped: one instance per reconcile) for the custom
    /// resource <typeparamref name="TEntity"/>, watched in the configured namespaces. Also registers
    /// <see cref="Informers.IResourceStore{T}"/> and <see cref="Client.CustomResourceClient{T}"/> for it.
    /// </summary>
    IOperatorBuilder AddController<TController, TEntity>(Action<ControllerBuilder<TEntity>>? configure = null)
        where TController : class, IEntityController<TEntity>
        where TEntity : IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Adds finalizer <paramref name="name"/> (a qualified name such as <c>example.com/cleanup</c>) to
    /// every <typeparamref name="TEntity"/> before its first reconcile, and runs
    /// <typeparamref name="TFinalizer"/> (scoped) when the object is being deleted.
    /// </summary>
    IOperatorBuilder AddFinalizer<TFinalizer, TEntity>(string name)
        where TFinalizer : class, IEntityFinalizer<TEntity>
        where TEntity : IKubernetesObject<V1ObjectMeta>;
}
