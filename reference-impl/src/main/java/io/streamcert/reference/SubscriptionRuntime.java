package io.streamcert.reference;

import io.streamcert.reference.stream.Streams;
import io.streamcert.reference.subs.Backoff;
import io.streamcert.reference.subs.CallbackTokens;
import io.streamcert.reference.subs.Ed25519Signer;
import io.streamcert.reference.subs.Fencing;
import io.streamcert.reference.subs.FileSubscriptionStore;
import io.streamcert.reference.subs.PinnedWebhookTransport;
import io.streamcert.reference.subs.MemorySubscriptionStore;
import io.streamcert.reference.subs.SafeWebhookUrlPolicy;
import io.streamcert.reference.subs.StreamsAccess;
import io.streamcert.reference.subs.SubscriptionStore;
import io.streamcert.reference.subs.Subscriptions;
import io.streamcert.reference.subs.WebhookTransport;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Wires the subscription engine into a server: its state next to the streams (in {@code
 * <data-dir>/subscriptions} when the server has a data directory, else in memory), a daemon thread
 * for outgoing work, the webhook transport pinned to the checked addresses (its event loop stops
 * with the server), and a 100 ms tick for retries and lease expiry.
 */
final class SubscriptionRuntime implements AutoCloseable {

  /** The subscription state's directory inside a data directory. */
  static final String DIR = "subscriptions";

  private static final long TICK_MS = 100;

  private final Subscriptions engine;
  private final SubscriptionStore store;
  private final ScheduledExecutorService executor;
  private final PinnedWebhookTransport transport;

  private SubscriptionRuntime(Subscriptions engine, SubscriptionStore store, ScheduledExecutorService executor,
      PinnedWebhookTransport transport) {
    this.engine = engine;
    this.store = store;
    this.executor = executor;
    this.transport = transport;
  }

  static SubscriptionRuntime open(ServerConfig config, Streams streams, Subscriptions.Seams seams) throws IOException {
    SubscriptionStore store = config.dataDir() != null
        ? new FileSubscriptionStore(config.dataDir().resolve(DIR))
        : new MemorySubscriptionStore();
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "subscriptions");
      t.setDaemon(true);
      return t;
    });
    PinnedWebhookTransport transport = WebhookTransport.pinned();
    try {
      Subscriptions engine = new Subscriptions(
          new StreamsAccess(streams, ReferenceServer.STREAM_ROOT),
          store,
          seams.signer() != null ? seams.signer()
              : Ed25519Signer.stored(store, config.rotateWebhookKey(), config.webhookKeyOverlap(), System::currentTimeMillis),
          seams.urlPolicy() != null ? seams.urlPolicy() : new SafeWebhookUrlPolicy(config.allowLoopbackWebhooks()),
          seams.fencing() != null ? seams.fencing() : Fencing.STRICT,
          new CallbackTokens(store.secret("callback-token-key", CallbackTokens::newSecret)),
          transport,
          new Backoff(),
          System::currentTimeMillis,
          executor,
          ReferenceServer.STREAM_ROOT);
      streams.observe(new io.streamcert.reference.subs.StreamEventRelay(engine, ReferenceServer.STREAM_ROOT));
      executor.scheduleWithFixedDelay(() -> {
        try {
          engine.tick();
        } catch (RuntimeException e) {
          java.util.logging.Logger.getLogger(SubscriptionRuntime.class.getName()).warning("subscription tick failed: " + e);
        }
      }, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
      return new SubscriptionRuntime(engine, store, executor, transport);
    } catch (IOException | RuntimeException e) {
      executor.shutdownNow();
      transport.close();
      store.close();
      throw e;
    }
  }

  Subscriptions engine() {
    return engine;
  }

  void resume() {
    executor.execute(engine::resume);
  }

  @Override
  public void close() {
    engine.shutdown();
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    transport.close();
    store.close();
  }
}
