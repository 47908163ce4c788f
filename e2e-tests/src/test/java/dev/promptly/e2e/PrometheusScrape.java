package dev.promptly.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** One scrape of a service's {@code /actuator/prometheus}, in the text exposition format. */
record PrometheusScrape(String text, List<Sample> samples) {
  /** One line of the scrape: a series and its value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  static PrometheusScrape of(String baseUrl) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
                      .header("Accept", "text/plain;version=0.0.4")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("scrape of " + baseUrl + ": " + response.statusCode());
      }
      return parse(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("cannot scrape " + baseUrl, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static PrometheusScrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.lines().toList()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name;
      Map<String, String> labels = new LinkedHashMap<>();
      if (brace >= 0 && brace < space) {
        name = line.substring(0, brace);
        parseLabels(line.substring(brace + 1, line.lastIndexOf('}')), labels);
      } else {
        name = line.substring(0, space);
      }
      samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
    }
    return new PrometheusScrape(text, samples);
  }

  /** The names of every series, as PromQL selects them (e.g. {@code x_seconds_bucket}). */
  Set<String> names() {
    Set<String> names = new TreeSet<>();
    samples.forEach(sample -> names.add(sample.name()));
    return names;
  }

  /** The sum over the series named {@code name} whose labels include {@code labels}. */
  double sum(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(sample -> sample.name().equals(name))
        .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(Sample::value)
        .sum();
  }

  boolean has(String name, Map<String, String> labels) {
    return samples.stream()
        .anyMatch(
            sample ->
                sample.name().equals(name)
                    && sample.labels().entrySet().containsAll(labels.entrySet()));
  }

  private static void parseLabels(String text, Map<String, String> labels) {
    int i = 0;
    while (i < text.length()) {
      int equals = text.indexOf('=', i);
      String key = text.substring(i, equals).strip();
      StringBuilder value = new StringBuilder();
      int j = equals + 2; // past ="
      while (text.charAt(j) != '"') {
        if (text.charAt(j) == '\\') {
          j++;
          value.append(text.charAt(j) == 'n' ? '\n' : text.charAt(j));
        } else {
          value.append(text.charAt(j));
        }
        j++;
      }
      labels.put(key, value.toString());
      i = j + 1;
      if (i < text.length() && text.charAt(i) == ',') {
        i++;
      }
    }
  }
}
