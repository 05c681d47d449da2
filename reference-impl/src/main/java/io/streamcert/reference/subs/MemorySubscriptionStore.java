package io.streamcert.reference.subs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Subscription state for memory storage: kept (as serialized JSON) until the process ends. */
public final class MemorySubscriptionStore implements SubscriptionStore {

  private final Map<String, byte[]> states = new ConcurrentHashMap<>();
  private final Map<String, byte[]> secrets = new ConcurrentHashMap<>();

  @Override
  public List<Map<String, Object>> load() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (byte[] b : states.values()) out.add(Json.object(Json.parse(b)));
    return out;
  }

  @Override
  public void save(String id, Map<String, Object> state) {
    states.put(id, Json.write(state));
  }

  @Override
  public void delete(String id) {
    states.remove(id);
  }

  @Override
  public byte[] secret(String name, Supplier<byte[]> create) {
    return secrets.computeIfAbsent(name, n -> create.get()).clone();
  }

  @Override
  public byte[] findSecret(String name) {
    byte[] b = secrets.get(name);
    return b == null ? null : b.clone();
  }

  @Override
  public void putSecret(String name, byte[] value) {
    secrets.put(name, value.clone());
  }

  @Override
  public String whereIs(String name) {
    return "the in-memory secret " + name;
  }
}
