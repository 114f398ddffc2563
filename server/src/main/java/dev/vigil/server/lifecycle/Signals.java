package dev.vigil.server.lifecycle;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs handlers for SIGTERM/SIGINT (graceful stop) and SIGHUP (configuration reload).
 *
 * <p>The JDK's only way to catch SIGHUP, and to exit 0 after a graceful stop on SIGTERM, is {@code
 * sun.misc.Signal} in the {@code jdk.unsupported} module. It is reached reflectively so that the
 * build's no-internal-API rule keeps holding everywhere else; where it is missing, the handler is
 * skipped with a log line and the JVM's default signal behaviour applies.
 */
public final class Signals {
  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  /** Runs {@code onStop} on SIGTERM and SIGINT and {@code onReload} on SIGHUP. */
  public static void install(Runnable onStop, Runnable onReload) {
    handle("TERM", onStop);
    handle("INT", onStop);
    handle("HUP", onReload);
  }

  private static void handle(String name, Runnable action) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance(name);
      Object handler =
          Proxy.newProxyInstance(
              Signals.class.getClassLoader(),
              new Class<?>[] {handlerClass},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "handle" -> {
                      action.run();
                      yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "SignalHandler[SIG" + name + "]";
                  });
      Object previous =
          signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
      // The JVM does not take over a shutdown signal its parent set to "ignore" (nohup does that
      // to SIGHUP): the handler is not installed and the old one comes back as SIG_IGN.
      if (previous != null && previous == handlerClass.getField("SIG_IGN").get(null)) {
        LOG.warn(
            "SIG{} is ignored by the process that started Vigil (e.g. nohup), so it cannot be"
                + " handled: {}",
            name,
            "HUP".equals(name)
                ? "reload the configuration with POST /-/reload instead of SIGHUP"
                : "it will not stop Vigil");
      }
    } catch (ClassNotFoundException
        | NoSuchFieldException
        | NoSuchMethodException
        | InstantiationException
        | IllegalAccessException e) {
      LOG.warn("cannot handle SIG{} on this JVM: {}", name, e.toString());
    } catch (InvocationTargetException e) {
      // The OS or the JVM reserves this signal (e.g. with -Xrs): keep the default behaviour.
      LOG.debug("signal SIG{} cannot be handled here: {}", name, e.getCause().toString());
    }
  }
}
