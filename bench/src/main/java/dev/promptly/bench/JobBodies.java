package dev.promptly.bench;

/**
 * The benchmark's job: a summary of about 1 KB of text, a little different for each job so that no
 * layer can answer from a cache, optionally naming a webhook.
 */
final class JobBodies {
  private static final String TEXT =
      "Lighthouses were built on dangerous coasts to warn ships at night. Keepers trimmed the"
          + " wicks, wound the clockwork and polished the great lenses every day. Fresnel lenses"
          + " bent the light of a single lamp into a beam that could be seen twenty miles out to"
          + " sea. Each light had its own pattern of flashes so that sailors could tell where they"
          + " were. Fog signals took over when the light could not reach the ships. Electric lamps"
          + " and automatic changers made most keepers unnecessary in the twentieth century. Many"
          + " towers are now museums, and some still guide ships today with modern lamps. Radio"
          + " beacons and satellite navigation have replaced them for most purposes, yet a bright"
          + " light on a headland remains a comfort to anyone at sea on a stormy night. Keepers"
          + " kept logs of the weather, the ships that passed and the supplies that arrived. On"
          + " remote rocks their families lived with them, and boats brought food, oil and letters"
          + " whenever the sea allowed it.";

  private final String webhookUrl;

  /** With {@code webhookUrl} null, jobs name no webhook. */
  JobBodies(String webhookUrl) {
    this.webhookUrl = webhookUrl;
  }

  String body(int index) {
    String webhook = webhookUrl == null ? "" : ",\"webhook_url\":\"" + webhookUrl + "\"";
    return "{\"kind\":\"summarize\",\"input\":{\"text\":\"Report "
        + index
        + ". "
        + TEXT
        + "\",\"style\":\"bullets\",\"max_words\":60},\"metadata\":{\"bench\":\""
        + index
        + "\"}"
        + webhook
        + "}";
  }

  /** The job id in a 202 answer, read without a JSON parser: the generator must stay cheap. */
  static String jobId(String acceptedBody) {
    int key = acceptedBody.indexOf("\"id\"");
    if (key < 0) {
      return null;
    }
    int open = acceptedBody.indexOf('"', acceptedBody.indexOf(':', key) + 1);
    int close = acceptedBody.indexOf('"', open + 1);
    return open < 0 || close < 0 ? null : acceptedBody.substring(open + 1, close);
  }
}
