package kraken.scaling.kubernetes;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The ThreatScalePolicy custom resource as fabric8 reads it ({@code k8s/base/crds/threatscalepolicy.yaml}, group
 * {@code kraken.dev/v1alpha1}). Only the scaler writes its status. {@link KubePolicy} is the plain record the
 * reconciler gets from it.
 */
@Group(ThreatScalePolicyResource.GROUP)
@Version(ThreatScalePolicyResource.VERSION)
@Kind("ThreatScalePolicy")
@Plural("threatscalepolicies")
@Singular("threatscalepolicy")
public final class ThreatScalePolicyResource extends CustomResource<ThreatScalePolicySpec, ThreatScalePolicyStatus>
  implements Namespaced {

  public static final String GROUP = "kraken.dev";
  public static final String VERSION = "v1alpha1";

  @Override
  protected ThreatScalePolicySpec initSpec() {
    return new ThreatScalePolicySpec();
  }
}
