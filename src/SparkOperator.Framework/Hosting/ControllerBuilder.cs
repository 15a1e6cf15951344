using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SparkOperator.Framework.Controllers;
using SparkOperator.Framework.Informers;
using SparkOperator.Framework.Runtime;

namespace SparkOperator.Framework.Hosting;

/// <summary>Declares what a controller watches besides its primary kind.</summary>
/// <typeparam name="TEntity">The controller's primary kind.</typeparam>
public sealed class ControllerBuilder<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    private readonly IServiceCollection _services;
    private readonly ControllerRegistration<TEntity> _registration;

    internal ControllerBuilder(IServiceCollection services, ControllerRegistration<TEntity> registration)
    {
        _services = services;
        _registration = registration;
    }

    /// <summary>
    /// Watches <typeparamref name="TChild"/> (a supported built-in kind or a custom resource) and
    /// enqueues the owner on every change of a child, status included: the owner named by the
    /// child's controller ownerReference of kind <typeparamref name="TEntity"/>, and the key
    /// <paramref name="mapByLabel"/> returns (for children created by others without an
    /// ownerReference; return null for none). Registers <see cref="IResourceStore{T}"/> for it.
    /// </summary>
    public ControllerBuilder<TEntity> Owns<TChild>(Func<TChild, ObjectKey?>? mapByLabel = null)
        where TChild : IKubernetesObject<V1ObjectMeta>
    {
        _registration.ChildWatches.Add((informers, enqueue) =>
            informers.Get<TChild>().Subscribe(change =>
            {
                foreach (var owner in ChildMapping.Owners<TEntity, TChild>(change.Object, mapByLabel))
                {
                    enqueue(owner);
                }
            }));
        _services.TryAddSingleton<IResourceStore<TChild>>(sp => sp.GetRequiredService<InformerRegistry>().Get<TChild>().Store);
        return this;
    }
}
