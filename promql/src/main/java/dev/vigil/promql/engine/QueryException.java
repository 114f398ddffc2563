package dev.vigil.promql.engine;

/**
 * A query that parsed but could not be evaluated. {@link #kind()} maps to the HTTP API's {@code
 * errorType}: {@code execution}, {@code timeout}, {@code canceled} or {@code unavailable}.
 */
public final class QueryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why evaluation stopped. */
  public enum Kind {
    EXECUTION("execution"),
    TIMEOUT("timeout"),
    CANCELED("canceled"),
    TOO_MANY_SAMPLES("execution"),
    /** The result would hold more series than {@link EngineOptions#maxSeries()}. */
    TOO_MANY_SERIES("execution"),
    /** Too many queries were running for too long: the caller should shed load (HTTP 503). */
    UNAVAILABLE("unavailable");

    private final String errorType;

    Kind(String errorType) {
      this.errorType = errorType;
    }

    /** The Prometheus HTTP API {@code errorType}. */
    public String errorType() {
      return errorType;
    }
  }

  private final Kind kind;

  public QueryException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  static QueryException execution(String message) {
    return new QueryException(Kind.EXECUTION, message);
  }
}
