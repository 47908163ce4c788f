package dev.promptly.model;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The models a job may name, by alias or by provider model name. Built from configuration by each
 * service, so adding a model never needs a code change.
 */
public final class ModelCatalog {
  private final Map<String, ModelSpec> byAlias = new LinkedHashMap<>();

  public ModelCatalog(Collection<ModelSpec> models) {
    for (ModelSpec spec : models) {
      if (byAlias.put(spec.alias(), spec) != null) {
        throw new IllegalArgumentException("duplicate model alias " + spec.alias());
      }
    }
    for (ModelSpec spec : models) {
      if (spec.fallback() != null && !byAlias.containsKey(spec.fallback())) {
        throw new IllegalArgumentException(
            "model " + spec.alias() + " falls back to unknown alias " + spec.fallback());
      }
    }
    for (ModelSpec spec : models) {
      if (spec.draftModel() != null && !byAlias.containsKey(spec.draftModel())) {
        throw new IllegalArgumentException(
            "model " + spec.alias() + " drafts with unknown alias " + spec.draftModel());
      }
    }
    if (byAlias.isEmpty()) {
      throw new IllegalArgumentException("the model catalog is empty");
    }
  }

  /** Finds a model by alias first, then by provider model name. */
  public Optional<ModelSpec> resolve(String aliasOrModel) {
    ModelSpec byName = byAlias.get(aliasOrModel);
    if (byName != null) {
      return Optional.of(byName);
    }
    return byAlias.values().stream().filter(spec -> spec.model().equals(aliasOrModel)).findFirst();
  }

  /** The entry a model falls back to when it is unavailable, if the catalog names one. */
  public Optional<ModelSpec> fallbackOf(ModelSpec spec) {
    return spec.fallback() == null ? Optional.empty() : Optional.of(byAlias.get(spec.fallback()));
  }

  /** The cheaper entry that drafts for a model, if the catalog names one. */
  public Optional<ModelSpec> draftOf(ModelSpec spec) {
    return spec.draftModel() == null
        ? Optional.empty()
        : Optional.of(byAlias.get(spec.draftModel()));
  }

  /** Every model, in configuration order. */
  public Collection<ModelSpec> models() {
    return byAlias.values();
  }
}
