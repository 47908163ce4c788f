package dev.promptly.worker.llm;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * o200k_base, the encoding of OpenAI's current models, one per process. Parsing its 200,000 tokens
 * takes a few hundred milliseconds of CPU, a sixth of the worker's start-up on the main thread when
 * the token counter and the text splitter each loaded their own copy as their classes were
 * initialised; now it is loaded once, on a virtual thread as soon as the worker is ready, and a job
 * that counts tokens before that waits for the same load.
 */
@Component
public class O200kEncoding {
  private static final Logger log = LoggerFactory.getLogger(O200kEncoding.class);

  /** The encoding; the first call loads it (the class initialisation runs once, under a lock). */
  public static Encoding get() {
    return Holder.ENCODING;
  }

  private static final class Holder {
    private static final Encoding ENCODING =
        Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  }

  @EventListener(ApplicationReadyEvent.class)
  void loadInTheBackground() {
    Thread.ofVirtual()
        .name("o200k-load")
        .start(
            () -> {
              long started = System.nanoTime();
              get();
              log.debug("o200k_base loaded in {} ms", (System.nanoTime() - started) / 1_000_000);
            });
  }
}
