package kraken.scaling.kubernetes;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The ThreatResponse custom resource ({@code k8s/base/crds/threatresponse.yaml}): what the crew does at a threat level
 * and whether the scaler may scale for it. How it changes a policy: {@link KubePolicy#of}.
 */
@Group(ThreatScalePolicyResource.GROUP)
@Version(ThreatScalePolicyResource.VERSION)
@Kind("ThreatResponse")
@Plural("threatresponses")
@Singular("threatresponse")
public final class ThreatResponseResource extends CustomResource<ThreatResponseSpec, ThreatResponseStatus>
  implements Namespaced {

  @Override
  protected ThreatResponseSpec initSpec() {
    return new ThreatResponseSpec();
  }
}
