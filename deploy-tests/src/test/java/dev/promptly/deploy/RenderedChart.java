package dev.promptly.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.Yaml;

/**
 * The manifests a real Helm (helm-java embeds Helm 3 as a native library) renders from the chart:
 * {@code helm template promptly charts/promptly -n promptly -f <values>... --set <k=v>...}.
 */
final class RenderedChart {

  static final String RELEASE = "promptly";

  private static final Map<String, RenderedChart> CACHE = new ConcurrentHashMap<>();

  private final List<Map<String, Object>> manifests;

  private RenderedChart(List<Map<String, Object>> manifests) {
    this.manifests = List.copyOf(manifests);
  }

  /** The chart rendered with its own values.yaml only. */
  static RenderedChart withDefaults() {
    return render(Repository.CHART, List.of(), Map.of());
  }

  /** The chart rendered with one of this module's test values files, e.g. {@code keda.yaml}. */
  static RenderedChart withTestValues(String name) {
    return render(Repository.CHART, List.of(testValues(name)), Map.of());
  }

  static RenderedChart withValuesFile(Path valuesFile) {
    return render(Repository.CHART, List.of(valuesFile), Map.of());
  }

  static RenderedChart withSettings(Map<String, Object> settings) {
    return render(Repository.CHART, List.of(), settings);
  }

  static RenderedChart render(Path chart, List<Path> valuesFiles, Map<String, Object> settings) {
    String key = chart + "|" + valuesFiles + "|" + new TreeMap<>(settings);
    // Rendering is deterministic and each call loads the chart anew: render each setup once.
    return CACHE.computeIfAbsent(
        key, k -> new RenderedChart(parse(template(chart, valuesFiles, settings))));
  }

  /** The raw output of {@code helm template}; throws with Helm's message when rendering fails. */
  static String template(Path chart, List<Path> valuesFiles, Map<String, Object> settings) {
    TemplateCommand command = new Helm(chart).template().withName(RELEASE).withNamespace(RELEASE);
    for (Path file : valuesFiles) {
      command = command.withValuesFile(file);
    }
    for (Map.Entry<String, Object> setting : settings.entrySet()) {
      command = command.set(setting.getKey(), setting.getValue());
    }
    return command.call();
  }

  /** A values file of this module's {@code src/test/resources/values}. */
  static Path testValues(String name) {
    try {
      return Path.of(RenderedChart.class.getResource("/values/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("no test values file " + name, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> parse(String output) {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : new Yaml().loadAll(output)) {
      if (document instanceof Map<?, ?> map) {
        documents.add(new LinkedHashMap<>((Map<String, Object>) map));
      }
    }
    return documents;
  }

  List<Map<String, Object>> all() {
    return manifests;
  }

  List<Map<String, Object>> ofKind(String kind) {
    return manifests.stream().filter(m -> kind.equals(m.get("kind"))).toList();
  }

  Optional<Map<String, Object>> find(String kind, String name) {
    return ofKind(kind).stream()
        .filter(m -> name.equals(YamlPath.string(m, "metadata.name")))
        .findFirst();
  }

  Map<String, Object> get(String kind, String name) {
    return find(kind, name)
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + names()));
  }

  /** The one container of a component's Deployment, e.g. {@code worker}. */
  Map<String, Object> container(String component) {
    return YamlPath.map(deployment(component), "spec.template.spec.containers[0]");
  }

  Map<String, Object> deployment(String component) {
    return get("Deployment", RELEASE + "-" + component);
  }

  /** A component's ConfigMap data: the environment its pods get through envFrom. */
  Map<String, Object> config(String component) {
    return YamlPath.map(get("ConfigMap", RELEASE + "-" + component), "data");
  }

  List<String> names() {
    return manifests.stream()
        .map(m -> m.get("kind") + "/" + YamlPath.string(m, "metadata.name"))
        .toList();
  }
}
