using SparkOperator.Entities;
using SparkOperator.Framework.Rbac;

namespace SparkOperator.Controllers;

// Scheduled applications: the informer lists and watches them; status is a merge patch. Runs are
// created with blockOwnerDeletion, which needs update on the owner's finalizers subresource.
[EntityRbac(typeof(ScheduledSparkApplication), Verbs = RbacVerb.List | RbacVerb.Watch)]
[EntityRbac(typeof(ScheduledSparkApplication), Subresource = "status", Verbs = RbacVerb.Patch)]
[EntityRbac(typeof(ScheduledSparkApplication), Subresource = "finalizers", Verbs = RbacVerb.Update)]
// Runs are created (one per tick); a 409 is confirmed with a get (ours, or a stranger's name);
// Replace and the history limits delete them.
[EntityRbac(typeof(SparkApplication), Verbs = RbacVerb.Create | RbacVerb.Get | RbacVerb.Delete)]
internal sealed partial class ScheduledSparkApplicationController;
