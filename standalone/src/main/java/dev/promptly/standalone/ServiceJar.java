package dev.promptly.standalone;

import java.io.File;
import java.net.URL;
import java.util.Collection;
import org.springframework.boot.loader.launch.Archive;
import org.springframework.boot.loader.launch.JarLauncher;
import org.springframework.boot.loader.launch.LaunchedClassLoader;

/**
 * One Spring Boot service jar run in this JVM, as {@code java -jar} would run it but in a class
 * loader of its own whose parent is the platform loader: the API, the worker and the emulator each
 * see only their own dependencies and configuration ({@code application.yml}), never each other's
 * or the standalone launcher's. Spring Boot's loader reads the jar's nested jars as it always does.
 */
final class ServiceJar extends JarLauncher {
  private final String name;
  private volatile Object context;

  ServiceJar(String name, File jar) throws Exception {
    super(Archive.create(jar));
    this.name = name;
  }

  String name() {
    return name;
  }

  /** Starts the service with these arguments and returns once its context has refreshed. */
  void start(String[] arguments) throws Exception {
    launch(arguments);
  }

  @Override
  protected ClassLoader createClassLoader(Collection<URL> urls) throws Exception {
    return new LaunchedClassLoader(
        false, getArchive(), urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  /**
   * Runs {@code SpringApplication} from the service's own class loader instead of its {@code main},
   * to keep the context (to close it in order at shutdown) and to leave the JVM's shutdown to the
   * standalone launcher.
   */
  @Override
  protected void launch(ClassLoader classLoader, String mainClassName, String[] arguments)
      throws Exception {
    Thread.currentThread().setContextClassLoader(classLoader);
    Class<?> mainClass = Class.forName(mainClassName, false, classLoader);
    disableTomcatUrlHandlers(classLoader);
    Class<?> springApplication =
        Class.forName("org.springframework.boot.SpringApplication", true, classLoader);
    Object application =
        springApplication
            .getConstructor(Class[].class)
            .newInstance((Object) new Class<?>[] {mainClass});
    springApplication
        .getMethod("setRegisterShutdownHook", boolean.class)
        .invoke(application, false);
    context =
        springApplication.getMethod("run", String[].class).invoke(application, (Object) arguments);
  }

  /**
   * Each Tomcat would install its URL stream handler factory, which the JVM has only one of: the
   * second fails ("factory already defined"). Nothing here needs Tomcat's {@code war:} URLs.
   */
  private static void disableTomcatUrlHandlers(ClassLoader classLoader) throws Exception {
    try {
      Class.forName(
              "org.apache.catalina.webresources.TomcatURLStreamHandlerFactory", true, classLoader)
          .getMethod("disable")
          .invoke(null);
    } catch (ClassNotFoundException e) {
      // Not a Tomcat service.
    }
  }

  /** Closes the service's context (graceful shutdown, as on SIGTERM); nothing when not started. */
  void stop() {
    if (!(context instanceof AutoCloseable running)) {
      return;
    }
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try {
      Thread.currentThread().setContextClassLoader(running.getClass().getClassLoader());
      running.close();
    } catch (Exception e) {
      System.err.println("promptly standalone: could not stop " + name + ": " + e);
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }
}
