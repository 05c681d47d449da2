package io.streamcert.reference.subs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Subscription state in a directory (by default {@code <data-dir>/subscriptions}): one {@code
 * <base64url id>.json} per subscription and one {@code <name>.secret} per secret, each replaced by
 * an fsync'd atomic rename, so a crash leaves either the old or the new state.
 */
public final class FileSubscriptionStore implements SubscriptionStore {

  private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();

  private final Path dir;

  /**
   * Opens (creating if needed) the directory.
   *
   * @throws IOException when it cannot be created
   */
  public FileSubscriptionStore(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
  }

  public Path dir() {
    return dir;
  }

  private Path file(String id) {
    return dir.resolve(ENC.encodeToString(id.getBytes(StandardCharsets.UTF_8)) + ".json");
  }

  @Override
  public List<Map<String, Object>> load() throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        try {
          Map<String, Object> m = Json.object(Json.parse(Files.readAllBytes(f)));
          if (m == null) throw new IllegalArgumentException("not a JSON object");
          out.add(m);
        } catch (IllegalArgumentException e) {
          throw new IOException("subscription state " + f + " is unreadable (" + e.getMessage()
              + "); restore it from a backup or delete the file to drop that subscription", e);
        }
      }
    }
    return out;
  }

  @Override
  public void save(String id, Map<String, Object> state) throws IOException {
    SubscriptionFiles.writeAtomically(file(id), Json.write(state), false);
  }

  @Override
  public void delete(String id) throws IOException {
    if (Files.deleteIfExists(file(id))) SubscriptionFiles.forceDir(dir);
  }

  @Override
  public synchronized byte[] secret(String name, Supplier<byte[]> create) throws IOException {
    Path f = secretFile(name);
    if (Files.exists(f)) return Files.readAllBytes(f);
    byte[] value = create.get();
    SubscriptionFiles.writeAtomically(f, value, true);
    return value;
  }

  @Override
  public synchronized byte[] findSecret(String name) throws IOException {
    Path f = secretFile(name);
    return Files.exists(f) ? Files.readAllBytes(f) : null;
  }

  /** Writes a temporary file and renames it over the old one, which leaves no copy of the old value behind. */
  @Override
  public synchronized void putSecret(String name, byte[] value) throws IOException {
    SubscriptionFiles.writeAtomically(secretFile(name), value, true);
  }

  @Override
  public String whereIs(String name) {
    return secretFile(name).toString();
  }

  /** The file of a named secret: {@code <dir>/<name>.secret}. */
  public Path secretFile(String name) {
    return dir.resolve(name + ".secret");
  }
}
