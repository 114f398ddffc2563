package dev.vigil.collect.agent;

import dev.vigil.core.model.Labels;
import dev.vigil.core.storage.Appendable;
import dev.vigil.core.storage.Appender;
import dev.vigil.core.storage.StorageException;
import java.io.IOException;
import java.util.Map;

/**
 * The storage the agent's scrape manager writes to: each committed batch (one scrape or collection)
 * becomes one batch of the {@link DiskQueue}, encoded as remote write {@code timeseries}, with the
 * external labels added where a series lacks them (as Prometheus adds them to what it
 * remote-writes). A rollback discards the batch.
 */
public final class QueueAppendable implements Appendable {
  private final DiskQueue queue;
  private final Map<String, String> externalLabels;

  /** Appends committed batches to {@code queue}. */
  public QueueAppendable(DiskQueue queue, Map<String, String> externalLabels) {
    this.queue = queue;
    this.externalLabels = Map.copyOf(externalLabels);
  }

  @Override
  public Appender appender() {
    WriteRequestWriter w = new WriteRequestWriter();
    return new Appender() {
      @Override
      public long append(long ref, Labels labels, long t, double v) {
        Labels l = labels;
        if (!externalLabels.isEmpty()) {
          Labels.Builder b = labels.toBuilder();
          externalLabels.forEach(
              (k, val) -> {
                if (!labels.has(k)) {
                  b.set(k, val);
                }
              });
          l = b.build();
        }
        w.add(l, t, v);
        return 1;
      }

      @Override
      public void commit() {
        if (w.samples() == 0) {
          return;
        }
        try {
          queue.append(w.bytes(), w.samples());
        } catch (IOException e) {
          throw new StorageException("cannot append to the agent queue: " + e.getMessage(), e);
        } finally {
          w.reset();
        }
      }

      @Override
      public void rollback() {
        w.reset();
      }
    };
  }
}
