package io.streamcert.cli;

import io.streamcert.reference.ServerConfig;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * Explains in one line why the server could not start, naming the option to change when the
 * cause is a setting (a usage error, exit 2) rather than a fault of the server (exit 1).
 *
 * <p>Bind failures are recognised by their operating-system text anywhere in the cause chain,
 * because a server may wrap the JDK's {@code BindException} or use a native transport that
 * raises its own {@code IOException} ("bind(..) failed: Address already in use").
 */
record StartFailure(String message, boolean usageError) {

  static StartFailure of(ServerConfig config, Throwable failure) {
    String host = config.host();
    int port = config.port();
    if (bindFailureSays(failure, "already in use")) {
      return new StartFailure(
          "port " + port + " on " + host + " is already in use; pass --port 0 to pick a free"
              + " port, or choose another with --port",
          true);
    }
    if (bindFailureSays(failure, "permission denied")
        || bindFailureSays(failure, "access denied")) {
      return new StartFailure(
          "port " + port + " on " + host + " needs privileges this process lacks; choose a port"
              + " above 1023 with --port, or pass --port 0 to pick a free one",
          true);
    }
    if (bindFailureSays(failure, "cannot assign requested address")) {
      return new StartFailure(
          "--host was '" + host + "' but is not an address of this machine; use 127.0.0.1 for"
              + " local clients only or 0.0.0.0 for every interface",
          true);
    }
    // Netty raises UnresolvedAddressException, a plain ServerSocket a SocketException with text.
    if (anyCauseIs(failure, UnresolvedAddressException.class)
        || anyCauseIs(failure, UnknownHostException.class)
        || anyCauseSays(failure, "unresolved address")) {
      return new StartFailure(
          "--host was '" + host + "' but does not resolve to an address; use an IP address like"
              + " 127.0.0.1 or a name this machine resolves",
          true);
    }
    return new StartFailure(
        "could not start the reference server on " + host + " port " + port + ": "
            + describe(failure),
        false);
  }

  private static boolean bindFailureSays(Throwable failure, String text) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      // "Permission denied" also fits a data directory; only a bind makes it about the port.
      boolean bind = t instanceof BindException || message.contains("bind");
      if (bind && message.contains(text)) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyCauseSays(Throwable failure, String text) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(text)) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyCauseIs(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String part = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (text.indexOf(part) < 0) {
        text.append(text.length() == 0 ? "" : ": ").append(part);
      }
    }
    return text.toString();
  }
}
