package io.streamcert.reference.subs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhook signing key rotation: the JWKS over time, across reopening, and what stays on disk. */
class Ed25519SignerRotationTest {

  private static final Duration HOUR = Duration.ofHours(1);
  private static final byte[] BODY = "{\"wake_id\":\"w1\"}".getBytes(StandardCharsets.UTF_8);

  private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

  private Ed25519Signer open(Path dir, boolean rotate) throws IOException {
    return Ed25519Signer.stored(new FileSubscriptionStore(dir), rotate, HOUR, clock::get);
  }

  private static List<Object> kids(WebhookSigner s) {
    return s.publicJwks().stream().map(k -> k.get("kid")).toList();
  }

  /** A verifier that knows only the given JWK, as a receiver that fetched just that key would. */
  private static WebhookSigner only(Map<String, Object> jwk) {
    return new WebhookSigner() {
      @Override public String kid() { return (String) jwk.get("kid"); }
      @Override public String signatureHeader(long t, byte[] b) { throw new UnsupportedOperationException(); }
      @Override public List<Map<String, Object>> publicJwks() { return List.of(jwk); }
    };
  }

  @Test
  void rotationSignsWithANewKidAndPublishesTheOldKeyUntilItsDeadline(@TempDir Path dir) throws Exception {
    Ed25519Signer before = open(dir, false);
    String oldHeader = before.signatureHeader(1_700_000_000L, BODY);

    clock.addAndGet(10_000);
    Ed25519Signer after = open(dir, true);

    assertThat(after.kid()).isNotEqualTo(before.kid()).startsWith("ds_");
    assertThat(kids(after)).as("current key first, then the retired one").containsExactly(after.kid(), before.kid());
    String header = after.signatureHeader(1_700_000_010L, BODY);
    assertThat(header).contains("kid=" + after.kid() + ",");
    Map<String, Object> newJwk = after.publicJwks().get(0);
    assertThat(Harness.verifies(only(newJwk), header, BODY)).as("verifies with the new public JWK").isTrue();
    assertThat(Harness.verifies(only(after.publicJwks().get(1)), header, BODY))
        .as("the retired key did not make the new signature").isFalse();
    assertThat(Harness.verifies(after, oldHeader, BODY)).as("a signature made before the rotation still verifies").isTrue();
    assertThat(after.publicJwks()).allSatisfy(k -> assertThat(k).doesNotContainKey("d"));
    assertThat(after.retiredKeys()).singleElement().satisfies(r -> {
      assertThat(r.kid()).isEqualTo(before.kid());
      assertThat(r.retiredAt()).isEqualTo(clock.get());
      assertThat(r.publishUntil()).isEqualTo(clock.get() + HOUR.toMillis());
    });

    clock.addAndGet(HOUR.toMillis() - 1);
    assertThat(kids(after)).as("one millisecond before the deadline").containsExactly(after.kid(), before.kid());
    clock.addAndGet(1);
    assertThat(kids(after)).as("at the deadline").containsExactly(after.kid());
    assertThat(Harness.verifies(after, oldHeader, BODY)).isFalse();
  }

  @Test
  void aRestartWithinTheOverlapStillPublishesTheRetiredKeyAndOneAfterItDropsIt(@TempDir Path dir) throws Exception {
    String oldKid = open(dir, false).kid();
    String newKid = open(dir, true).kid();

    clock.addAndGet(HOUR.toMillis() / 2);
    Ed25519Signer within = open(dir, false);
    assertThat(within.kid()).as("a plain restart keeps the new key").isEqualTo(newKid);
    assertThat(kids(within)).containsExactly(newKid, oldKid);

    clock.addAndGet(HOUR.toMillis());
    Ed25519Signer later = open(dir, false);
    assertThat(kids(later)).containsExactly(newKid);
    assertThat(Files.readString(dir.resolve(Ed25519Signer.RETIRED_NAME + ".secret")))
        .as("the expired key is dropped from disk too").doesNotContain(oldKid);
  }

  @Test
  void theRetiredPrivateKeyIsGoneFromDisk(@TempDir Path dir) throws Exception {
    Ed25519Signer before = open(dir, false);
    Path keyFile = dir.resolve(Ed25519Signer.KEY_NAME + ".secret");
    String oldPrivate = Files.readAllLines(keyFile).get(0);
    byte[] oldPkcs8 = Base64.getDecoder().decode(oldPrivate);
    byte[] oldSeed = java.util.Arrays.copyOfRange(oldPkcs8, oldPkcs8.length - 32, oldPkcs8.length);

    Ed25519Signer after = open(dir, true);

    assertThat(Files.readAllLines(keyFile).get(0)).isNotEqualTo(oldPrivate);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        byte[] content = Files.readAllBytes(f);
        String text = new String(content, StandardCharsets.ISO_8859_1);
        assertThat(text).as(f + " holds no trace of the old private key").doesNotContain(oldPrivate)
            .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(oldSeed))
            .doesNotContain(new String(oldSeed, StandardCharsets.ISO_8859_1));
      }
    }
    String retired = Files.readString(dir.resolve(Ed25519Signer.RETIRED_NAME + ".secret"));
    assertThat(retired).contains(before.kid()).doesNotContain(after.kid()).doesNotContain("\"d\"");
  }

  @Test
  void twoRotationsPublishTheCurrentKeyAndBothRetiredOnesNewestFirst(@TempDir Path dir) throws Exception {
    String first = open(dir, false).kid();
    String second = open(dir, true).kid();
    clock.addAndGet(60_000);
    Ed25519Signer third = open(dir, true);

    assertThat(kids(third)).containsExactly(third.kid(), second, first);
    clock.addAndGet(HOUR.toMillis() - 60_000);
    assertThat(kids(third)).as("the first retirement's deadline came first").containsExactly(third.kid(), second);
  }

  @Test
  void anExistingSingleKeyDataDirectoryLoadsUnchanged(@TempDir Path dir) throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String written = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n"
        + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n";
    Path keyFile = dir.resolve(Ed25519Signer.KEY_NAME + ".secret");
    Files.writeString(keyFile, written);

    Ed25519Signer s = open(dir, false);

    assertThat(s.kid()).isEqualTo(new Ed25519Signer(pair).kid());
    assertThat(kids(s)).containsExactly(s.kid());
    assertThat(s.retiredKeys()).isEmpty();
    assertThat(Files.readString(keyFile)).isEqualTo(written);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).as("nothing else is written").containsExactly(keyFile.getFileName().toString());
    }
  }

  @Test
  void rotatingWithoutAKeyJustCreatesTheFirstOne(@TempDir Path dir) throws Exception {
    Ed25519Signer s = open(dir, true);
    assertThat(kids(s)).containsExactly(s.kid());
    assertThat(dir.resolve(Ed25519Signer.RETIRED_NAME + ".secret")).doesNotExist();
    assertThat(open(dir, false).kid()).isEqualTo(s.kid());
  }

  @Test
  void memoryStorageRotatesWithinTheProcess() throws Exception {
    MemorySubscriptionStore store = new MemorySubscriptionStore();
    Ed25519Signer first = Ed25519Signer.stored(store, false, HOUR, clock::get);
    String oldPrivate = new String(store.findSecret(Ed25519Signer.KEY_NAME), StandardCharsets.US_ASCII).split("\n")[0];
    Ed25519Signer rotated = Ed25519Signer.stored(store, true, HOUR, clock::get);
    assertThat(kids(rotated)).containsExactly(rotated.kid(), first.kid());
    assertThat(new String(store.findSecret(Ed25519Signer.KEY_NAME), StandardCharsets.US_ASCII)).doesNotContain(oldPrivate);
    assertThat(new String(store.findSecret(Ed25519Signer.RETIRED_NAME), StandardCharsets.US_ASCII)).doesNotContain(oldPrivate)
        .contains(first.kid());
    assertThat(Ed25519Signer.stored(store, false, HOUR, clock::get).kid()).isEqualTo(rotated.kid());
  }

  @Test
  void aCrashBetweenTheTwoWritesOfARotationPublishesTheCurrentKeyOnce(@TempDir Path dir) throws Exception {
    Ed25519Signer s = open(dir, false);
    Map<String, Object> jwk = s.publicJwks().get(0);
    // What the first write of an interrupted rotation leaves: the current key already listed as retired.
    Files.writeString(dir.resolve(Ed25519Signer.RETIRED_NAME + ".secret"), "{\"retired\":[{\"kid\":\"" + s.kid()
        + "\",\"x\":\"" + jwk.get("x") + "\",\"retired_at\":" + clock.get() + ",\"publish_until\":" + (clock.get() + 1000) + "}]}");

    Ed25519Signer reopened = open(dir, false);

    assertThat(reopened.kid()).isEqualTo(s.kid());
    assertThat(kids(reopened)).containsExactly(s.kid());
  }

  @Test
  void aCorruptKeyFileNamesTheFileAndTheFix(@TempDir Path dir) throws Exception {
    open(dir, false);
    Path keyFile = dir.resolve(Ed25519Signer.KEY_NAME + ".secret");
    Files.writeString(keyFile, "garbage\nmore\n");

    for (boolean rotate : new boolean[] {false, true}) {
      assertThatThrownBy(() -> open(dir, rotate)).isInstanceOf(IOException.class)
          .hasMessageContaining(keyFile.toString())
          .hasMessageContaining("restore it from a backup, or delete it to generate a new key");
    }
    assertThat(Files.readString(keyFile)).as("a failed rotation leaves the file as it was").isEqualTo("garbage\nmore\n");
  }

  @Test
  void aCorruptRetiredKeysFileNamesTheFileAndTheFix(@TempDir Path dir) throws Exception {
    Ed25519Signer s = open(dir, false);
    open(dir, true);
    Path retired = dir.resolve(Ed25519Signer.RETIRED_NAME + ".secret");

    Files.writeString(retired, "{\"retired\":[{\"kid\":\"ds_x\"");
    assertThatThrownBy(() -> open(dir, false)).isInstanceOf(IOException.class)
        .hasMessageContaining(retired.toString()).hasMessageContaining("restore the file from a backup, or delete it");

    Files.writeString(retired, "{\"retired\":[{\"kid\":\"ds_forged\",\"x\":\"" + s.publicJwks().get(0).get("x")
        + "\",\"retired_at\":1,\"publish_until\":" + Long.MAX_VALUE + "}]}");
    assertThatThrownBy(() -> open(dir, false)).isInstanceOf(IOException.class)
        .hasMessageContaining(retired.toString()).hasMessageContaining("ds_forged");
  }

  @Test
  void anOverlapShorterThanTheJwksMaxAgeIsRefused(@TempDir Path dir) {
    assertThatThrownBy(() -> Ed25519Signer.stored(new FileSubscriptionStore(dir), true, Duration.ofMinutes(4), clock::get))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT4M").hasMessageContaining("at least 5 minutes");
    assertThat(dir.resolve(Ed25519Signer.KEY_NAME + ".secret")).as("nothing was written").doesNotExist();
  }
}
