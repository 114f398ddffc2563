package dev.vigil.alerting.notify;

/**
 * One configured integration of a receiver (one entry of {@code webhook_configs}, {@code
 * email_configs}, ...). The dispatcher calls it from its own threads, never twice at once for the
 * same group, and retries with backoff when it throws a retryable {@link NotifyException}.
 * Implementations honour their configured timeout and thread interruption, so a receiver that hangs
 * never blocks another one.
 */
public interface Notifier {

  /**
   * Delivers {@code notification}; returns when the far end accepted it.
   *
   * @throws NotifyException when delivery failed; {@link NotifyException#retryable()} says whether
   *     trying again may help (a 5xx or a timeout may, a 4xx does not)
   * @throws InterruptedException when the dispatcher gives up on the delivery
   */
  void notify(Notification notification) throws NotifyException, InterruptedException;

  /**
   * The integration's name as Alertmanager's metrics label it ({@code "webhook"}, {@code "email"},
   * {@code "slack"}, {@code "pagerduty"}, ...).
   */
  String integration();

  /** Whether resolved alerts are sent too ({@code send_resolved}). */
  boolean sendResolved();
}
