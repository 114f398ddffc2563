package dev.vigil.server.api.push;

import dev.vigil.core.model.Labels;
import dev.vigil.ingest.IngestException;
import dev.vigil.ingest.LabelRules;
import dev.vigil.ingest.MetadataSink;
import dev.vigil.ingest.push.GroupingKey;
import dev.vigil.ingest.push.PushParser;
import dev.vigil.ingest.push.PushStateFile;
import dev.vigil.ingest.push.PushStore;
import dev.vigil.ingest.push.PushedFamily;
import dev.vigil.server.api.write.WriteApi;
import dev.vigil.server.http.ApiException;
import dev.vigil.server.http.ErrorType;
import dev.vigil.server.http.RequestBody;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pushgateway-compatible routes {@code PUT}, {@code POST} and {@code DELETE} {@code
 * /metrics/job/<job>{/<label>/<value>}} over a {@link PushStore}, and the timer that writes the
 * kept groups every {@code pushgateway.interval}. Answers as the Pushgateway does: 200 for a push,
 * 202 for a delete, 400 naming the problem. Every change is committed through the {@link WriteApi}
 * (same admission and write-ahead-logged batch as the other push routes) and then saved to the
 * state file, so kept groups survive a restart.
 */
public final class PushgatewayApi {
  private static final Logger LOG = LoggerFactory.getLogger(PushgatewayApi.class);
  private static final String PROTOCOL = "pushgateway";
  private static final String PREFIX = "/metrics/";

  private final PushStore store;
  private final WriteApi write;
  private final MetadataSink metadata;
  private final Path stateFile;
  private final Duration interval;
  private final int maxDecodedBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final ScheduledExecutorService timer;

  /**
   * Routes over {@code store}, writing through {@code write}, saving to {@code stateFile}. Bodies
   * may decompress to at most {@code maxDecodedBytes}.
   */
  public PushgatewayApi(
      PushStore store,
      WriteApi write,
      MetadataSink metadata,
      Path stateFile,
      Duration interval,
      int maxDecodedBytes) {
    this.store = store;
    this.write = write;
    this.metadata = metadata;
    this.stateFile = stateFile;
    this.interval = interval;
    this.maxDecodedBytes = maxDecodedBytes;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("pushgateway").factory());
  }

  /** Loads the saved groups (a damaged file is logged and set aside) and starts the timer. */
  public void start() {
    try {
      List<PushStore.GroupView> groups = PushStateFile.load(stateFile);
      store.restore(groups);
      if (!groups.isEmpty()) {
        LOG.info("pushgateway: {} pushed groups restored from {}", groups.size(), stateFile);
      }
    } catch (IOException e) {
      LOG.error(
          "pushgateway: cannot read the saved groups, starting without them: {}", e.getMessage());
    }
    long ms = interval.toMillis();
    var unused = timer.scheduleAtFixedRate(this::emit, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Stops the timer and saves the groups. */
  public void stop() {
    timer.shutdown();
    try {
      timer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lock.lock();
    try {
      save();
    } finally {
      lock.unlock();
    }
  }

  /** {@code PUT /metrics/job/...}: replaces the group. */
  public void put(Context ctx) {
    push(ctx, true);
  }

  /** {@code POST /metrics/job/...}: replaces the group's families of the pushed names. */
  public void post(Context ctx) {
    push(ctx, false);
  }

  /** {@code DELETE /metrics/job/...}: deletes the group; 202 whether or not it existed. */
  public void delete(Context ctx) {
    Labels key = key(ctx);
    lock.lock();
    try {
      boolean existed = writeLocked(app -> store.delete(key, System.currentTimeMillis(), app));
      if (existed) {
        save();
      }
    } finally {
      lock.unlock();
    }
    ctx.status(202);
  }

  private void push(Context ctx, boolean replaceAll) {
    Labels key = key(ctx);
    List<PushedFamily> families;
    try {
      byte[] body = RequestBody.decoded(ctx, maxDecodedBytes);
      PushParser parser = new PushParser(LabelRules.DEFAULT);
      families =
          PushParser.isProtobuf(ctx.header("Content-Type"))
              ? parser.parseProtobuf(body, 0, body.length, key)
              : parser.parseText(body, 0, body.length, key);
    } catch (IngestException e) {
      throw refused(e);
    }
    String problem;
    lock.lock();
    try {
      problem =
          writeLocked(
              app -> {
                try {
                  store.push(key, families, replaceAll, System.currentTimeMillis(), app);
                  return null;
                } catch (IngestException e) {
                  return e.getMessage();
                }
              });
      save();
    } finally {
      lock.unlock();
    }
    if (problem != null) {
      throw ApiException.badData(PROTOCOL + ": " + problem);
    }
    for (PushedFamily f : families) {
      metadata.metadata(f.name(), f.type(), f.help(), "");
    }
    ctx.status(200);
  }

  private <R> R writeLocked(java.util.function.Function<dev.vigil.core.storage.Appender, R> fn) {
    try {
      return write.write(PROTOCOL, fn);
    } catch (WriteApi.OverloadedException e) {
      throw new ApiException(429, ErrorType.UNAVAILABLE, e.getMessage());
    }
  }

  private void emit() {
    lock.lock();
    try {
      write.write(
          PROTOCOL,
          app -> {
            store.emit(System.currentTimeMillis(), app);
            return null;
          });
    } catch (WriteApi.OverloadedException e) {
      LOG.warn("pushgateway: writing the kept groups skipped: {}", e.getMessage());
    } catch (ApiException e) {
      LOG.debug("pushgateway: writing the kept groups skipped: {}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("pushgateway: writing the kept groups failed: {}", e.toString());
    } finally {
      lock.unlock();
    }
  }

  private void save() {
    try {
      PushStateFile.save(stateFile, store.groups());
    } catch (IOException e) {
      LOG.error("pushgateway: cannot save the pushed groups to {}: {}", stateFile, e.toString());
    }
  }

  private static Labels key(Context ctx) {
    String uri = ctx.req().getRequestURI();
    int at = uri.indexOf(PREFIX);
    try {
      return GroupingKey.parse(at < 0 ? "" : uri.substring(at + PREFIX.length()));
    } catch (IngestException e) {
      throw refused(e);
    }
  }

  private static ApiException refused(IngestException e) {
    int status = e.httpStatus();
    ErrorType type = status == 413 ? ErrorType.TOO_LARGE : ErrorType.BAD_DATA;
    return new ApiException(status, type, PROTOCOL + ": " + e.getMessage());
  }
}
