package io.streamcert.reference.subs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A subscription API failure, answered as {@code {"error":{"code":..,"message":..}}} with its
 * HTTP status. Extra members (such as {@code current_holder}) go into the error object.
 */
public final class SubscriptionException extends RuntimeException {

  private final int status;
  private final String code;
  private final Map<String, Object> extra;

  public SubscriptionException(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  public SubscriptionException(int status, String code, String message, Map<String, Object> extra) {
    super(message);
    this.status = status;
    this.code = code;
    this.extra = extra;
  }

  public int status() { return status; }

  public String code() { return code; }

  public static SubscriptionException invalid(String message) {
    return new SubscriptionException(400, "INVALID_REQUEST", message);
  }

  public static SubscriptionException notFound(String id) {
    return new SubscriptionException(404, "SUBSCRIPTION_NOT_FOUND", "no subscription with id '" + id + "'");
  }

  public static SubscriptionException fenced(String why) {
    return new SubscriptionException(409, "FENCED", "the wake is stale: " + why);
  }

  /** The response body. */
  public Map<String, Object> body() {
    Map<String, Object> err = new LinkedHashMap<>();
    err.put("code", code);
    err.put("message", getMessage());
    err.putAll(extra);
    return Map.of("error", err);
  }
}
