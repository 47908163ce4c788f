package dev.promptly.jobstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/** Lua scripts shipped on the classpath, for {@code RedisTemplate.execute}. */
public final class RedisScripts {
  private RedisScripts() {}

  /**
   * The script at {@code path}, read once. A script made from a resource instead asks the class
   * loader whether the resource changed on every execution: inside a Boot jar that takes the nested
   * jar's lock on every request, and a virtual thread that blocks on that lock while it loads a
   * class pins its carrier (on two cores, two of them stop the process).
   */
  public static <T> RedisScript<T> fromClasspath(String path, Class<T> resultType) {
    try {
      return RedisScript.of(
          new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8), resultType);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Redis script " + path, e);
    }
  }
}
