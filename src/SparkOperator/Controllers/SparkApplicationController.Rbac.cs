using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Rbac;

namespace SparkOperator.Controllers;

// What the operator may do, next to the controller that does it; `generate` turns these into the ClusterRole.
[EntityRbac(typeof(SparkApplication), Verbs = RbacVerb.Read | RbacVerb.Patch | RbacVerb.Update | RbacVerb.Delete)]
[EntityRbac(typeof(SparkApplication), Subresource = "status", Verbs = RbacVerb.Get | RbacVerb.Patch | RbacVerb.Update)]
[EntityRbac(typeof(SparkApplication), Subresource = "finalizers", Verbs = RbacVerb.Update)]
[EntityRbac(typeof(V1Job), Verbs = RbacVerb.Read | RbacVerb.Create | RbacVerb.Patch | RbacVerb.Delete)]
[EntityRbac(typeof(V1Pod), Verbs = RbacVerb.Read | RbacVerb.Delete | RbacVerb.DeleteCollection)]
[EntityRbac(typeof(V1Pod), Subresource = "log", Verbs = RbacVerb.Get)]
[EntityRbac(typeof(V1ConfigMap), typeof(V1ServiceAccount), typeof(V1Role), typeof(V1RoleBinding),
    Verbs = RbacVerb.Read | RbacVerb.Create | RbacVerb.Patch | RbacVerb.Delete)]
[GenericRbac(Groups = ["", "events.k8s.io"], Resources = ["events"],
    Verbs = RbacVerb.Create | RbacVerb.Patch | RbacVerb.Get | RbacVerb.List)]
// Kubernetes lets the operator grant the per-application driver Role only what it holds itself.
[EntityRbac(typeof(V1Pod), typeof(V1Service), typeof(V1ConfigMap), typeof(V1PersistentVolumeClaim),
    Verbs = RbacVerb.Read | RbacVerb.Create | RbacVerb.Delete | RbacVerb.DeleteCollection | RbacVerb.Patch | RbacVerb.Update)]
internal sealed partial class SparkApplicationController;
