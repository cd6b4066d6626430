package kraken.scaling.kubernetes;

/**
 * A policy that appeared, changed or went away. After {@code DELETED} the scaler must stop scaling its target: the
 * policy is no longer in {@link KubernetesPolicies#current()}. A policy whose spec becomes invalid goes away too.
 */
public record PolicyChange(Type type, KubePolicy policy) {

  public enum Type { ADDED, UPDATED, DELETED }
}
