using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SparkOperator.Framework.Client;
using SparkOperator.Framework.Controllers;
using SparkOperator.Framework.Informers;

namespace SparkOperator.Framework.Hosting;

/// <summary>Registers controllers, their hosts, stores and clients, and finalizers.</summary>
internal sealed class OperatorBuilder(IServiceCollection services) : IOperatorBuilder
{
    public IServiceCollection Services { get; } = services;

    public IOperatorBuilder AddController<TController, TEntity>(Action<ControllerBuilder<TEntity>>? configure = null)
        where TController : class, IEntityController<TEntity>
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        var registration = new ControllerRegistration<TEntity> { ControllerType = typeof(TController) };
        configure?.Invoke(new ControllerBuilder<TEntity>(Services, registration));
        Services.AddScoped<TController>();
        Services.AddSingleton(registration);
        Services.AddSingleton<ControllerHost<TController, TEntity>>();
        Services.AddSingleton<IControllerHost>(sp => sp.GetRequiredService<ControllerHost<TController, TEntity>>());
        AddEntityServices<TEntity>();
        return this;
    }

    public IOperatorBuilder AddFinalizer<TFinalizer, TEntity>(string name)
        where TFinalizer : class, IEntityFinalizer<TEntity>
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Services.AddScoped<TFinalizer>();
        Services.AddSingleton(new FinalizerRegistration<TEntity>(name, typeof(TFinalizer)));
        AddEntityServices<TEntity>();
        return this;
    }

    private void AddEntityServices<TEntity>()
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        Services.TryAddSingleton(sp => new CustomResourceClient<TEntity>(sp.GetRequiredService<IKubernetes>(), sp.GetRequiredService<IOptions<OperatorOptions>>().Value.Name));
        Services.TryAddSingleton<IResourceStore<TEntity>>(sp => sp.GetRequiredService<InformerRegistry>().Get<TEntity>().Store);
    }
}
