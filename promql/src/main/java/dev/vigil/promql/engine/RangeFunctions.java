package dev.vigil.promql.engine;

import java.util.Arrays;

/**
 * The functions over a range-vector window: each reads samples {@code [lo, hi)} of parallel arrays
 * and returns the result, or {@link #NONE} when the function has no output for the window.
 * Allocation-free except where a sort is needed.
 */
final class RangeFunctions {
  /** Marks "no output". A NaN payload no arithmetic produces, compared by bits. */
  static final long NONE_BITS = 0x7ff8dead0000beefL;

  static final double NONE = Double.longBitsToDouble(NONE_BITS);

  private RangeFunctions() {}

  /** The functions over range vectors. */
  enum Fn {
    RATE,
    INCREASE,
    DELTA,
    IRATE,
    IDELTA,
    AVG_OVER_TIME,
    SUM_OVER_TIME,
    COUNT_OVER_TIME,
    MIN_OVER_TIME,
    MAX_OVER_TIME,
    LAST_OVER_TIME,
    FIRST_OVER_TIME,
    PRESENT_OVER_TIME,
    STDDEV_OVER_TIME,
    STDVAR_OVER_TIME,
    QUANTILE_OVER_TIME,
    MAD_OVER_TIME,
    CHANGES,
    RESETS,
    DERIV,
    PREDICT_LINEAR,
    DOUBLE_EXPONENTIAL_SMOOTHING,
    TS_OF_MIN_OVER_TIME,
    TS_OF_MAX_OVER_TIME,
    TS_OF_FIRST_OVER_TIME,
    TS_OF_LAST_OVER_TIME;

    /** The function with that PromQL name, or null. */
    static Fn of(String name) {
      for (Fn f : values()) {
        if (f.name().equalsIgnoreCase(name)) {
          return f;
        }
      }
      return null;
    }
  }

  static boolean isNone(double v) {
    return Double.doubleToRawLongBits(v) == NONE_BITS;
  }

  /** Whether {@code name} is a function over a range vector. */
  static boolean handles(String name) {
    return switch (name) {
      case "rate",
          "increase",
          "delta",
          "irate",
          "idelta",
          "avg_over_time",
          "sum_over_time",
          "count_over_time",
          "min_over_time",
          "max_over_time",
          "last_over_time",
          "first_over_time",
          "present_over_time",
          "stddev_over_time",
          "stdvar_over_time",
          "quantile_over_time",
          "mad_over_time",
          "changes",
          "resets",
          "deriv",
          "predict_linear",
          "double_exponential_smoothing",
          "ts_of_min_over_time",
          "ts_of_max_over_time",
          "ts_of_first_over_time",
          "ts_of_last_over_time" ->
          true;
      default -> false;
    };
  }

  /**
   * Applies {@code name} to one window.
   *
   * @param rangeStart the exclusive start of the window (ms)
   * @param rangeEnd the inclusive end of the window (ms)
   * @param stepTime the evaluation time of the step (ms), which predict_linear extrapolates from
   * @param p0 the first scalar argument at this step (if any)
   * @param p1 the second scalar argument at this step (if any)
   * @param scratch a reusable buffer of at least {@code hi - lo} entries
   */
  static double apply(
      Fn fn,
      long[] t,
      double[] v,
      int lo,
      int hi,
      long rangeStart,
      long rangeEnd,
      long stepTime,
      double p0,
      double p1,
      double[] scratch) {
    int n = hi - lo;
    return switch (fn) {
      case RATE -> extrapolatedRate(t, v, lo, hi, rangeStart, rangeEnd, true, true, true);
      case INCREASE -> extrapolatedRate(t, v, lo, hi, rangeStart, rangeEnd, true, false, true);
      case DELTA -> extrapolatedRate(t, v, lo, hi, rangeStart, rangeEnd, false, false, false);
      case IRATE, IDELTA -> {
        if (n < 2) {
          yield NONE;
        }
        double last = v[hi - 1];
        double prev = v[hi - 2];
        if (fn == Fn.IDELTA) {
          yield last - prev;
        }
        double result = last < prev ? last : last - prev;
        long dt = t[hi - 1] - t[hi - 2];
        if (dt == 0) {
          yield NONE;
        }
        yield result / (dt / 1000.0);
      }
      case AVG_OVER_TIME -> avg(v, lo, hi);
      case SUM_OVER_TIME -> {
        double sum = 0;
        double c = 0;
        for (int i = lo; i < hi; i++) {
          double s = sum + v[i];
          c = Aggregations.kahanComp(sum, v[i], s, c);
          sum = s;
        }
        yield sum + c;
      }
      case COUNT_OVER_TIME -> n;
      case PRESENT_OVER_TIME -> 1;
      case MIN_OVER_TIME, MAX_OVER_TIME, TS_OF_MIN_OVER_TIME, TS_OF_MAX_OVER_TIME -> {
        boolean max = fn == Fn.MAX_OVER_TIME || fn == Fn.TS_OF_MAX_OVER_TIME;
        boolean ts = fn == Fn.TS_OF_MAX_OVER_TIME || fn == Fn.TS_OF_MIN_OVER_TIME;
        double best = v[lo];
        long bestT = t[lo];
        for (int i = lo; i < hi; i++) {
          double f = v[i];
          boolean take;
          if (ts) {
            take = max ? f >= best : f <= best;
          } else {
            take = max ? f > best : f < best;
          }
          if (take || Double.isNaN(best)) {
            best = f;
            bestT = t[i];
          }
        }
        yield ts ? bestT / 1000.0 : best;
      }
      case LAST_OVER_TIME -> v[hi - 1];
      case FIRST_OVER_TIME -> v[lo];
      case TS_OF_LAST_OVER_TIME -> t[hi - 1] / 1000.0;
      case TS_OF_FIRST_OVER_TIME -> t[lo] / 1000.0;
      case STDDEV_OVER_TIME, STDVAR_OVER_TIME -> {
        double count = 0;
        double mean = 0;
        double cMean = 0;
        double aux = 0;
        double cAux = 0;
        for (int i = lo; i < hi; i++) {
          double f = v[i];
          count++;
          double delta = f - (mean + cMean);
          double inc = delta / count;
          double s = mean + inc;
          cMean = Aggregations.kahanComp(mean, inc, s, cMean);
          mean = s;
          double inc2 = delta * (f - (mean + cMean));
          double s2 = aux + inc2;
          cAux = Aggregations.kahanComp(aux, inc2, s2, cAux);
          aux = s2;
        }
        double variance = (aux + cAux) / count;
        yield fn == Fn.STDDEV_OVER_TIME ? Math.sqrt(variance) : variance;
      }
      case QUANTILE_OVER_TIME -> {
        System.arraycopy(v, lo, scratch, 0, n);
        yield Aggregations.quantile(p0, scratch, n);
      }
      case MAD_OVER_TIME -> {
        for (int i = lo; i < hi; i++) {
          if (Double.isNaN(v[i])) {
            yield Double.NaN;
          }
        }
        System.arraycopy(v, lo, scratch, 0, n);
        double median = Aggregations.quantile(0.5, scratch, n);
        for (int i = 0; i < n; i++) {
          scratch[i] = Math.abs(scratch[i] - median);
        }
        yield Aggregations.quantile(0.5, scratch, n);
      }
      case CHANGES -> {
        int changes = 0;
        double prev = v[lo];
        for (int i = lo + 1; i < hi; i++) {
          double cur = v[i];
          if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
            changes++;
          }
          prev = cur;
        }
        yield changes;
      }
      case RESETS -> {
        int resets = 0;
        double prev = v[lo];
        for (int i = lo + 1; i < hi; i++) {
          if (v[i] < prev) {
            resets++;
          }
          prev = v[i];
        }
        yield resets;
      }
      case DERIV -> {
        if (n < 2) {
          yield NONE;
        }
        yield linearRegression(t, v, lo, hi, t[lo])[0];
      }
      case PREDICT_LINEAR -> {
        if (n < 2) {
          yield NONE;
        }
        double[] si = linearRegression(t, v, lo, hi, stepTime);
        yield si[1] + si[0] * p0;
      }
      case DOUBLE_EXPONENTIAL_SMOOTHING -> {
        if (n < 2) {
          yield NONE;
        }
        double s0 = 0;
        double s1 = v[lo];
        double b = v[lo + 1] - v[lo];
        for (int i = 1; i < n; i++) {
          double x = p0 * v[lo + i];
          if (i > 1) {
            b = p1 * (s1 - s0) + (1 - p1) * b;
          }
          double y = (1 - p0) * (s1 + b);
          s0 = s1;
          s1 = x + y;
        }
        yield s1;
      }
    };
  }

  /** Linear interpolation at t; a counter that dropped restarts from 0. */
  static double interpolate(long t1, double y1, long t2, double y2, long t, boolean isCounter) {
    if (isCounter && y2 < y1) {
      y1 = 0;
    }
    return y1 + (y2 - y1) * (t - t1) / (double) (t2 - t1);
  }

  /**
   * rate/increase/delta over an anchored or smoothed window: samples in {@code [lo, hi)} cover the
   * range plus the lookback delta before it (and after it, when smoothed).
   */
  static double extendedRate(
      long[] t,
      double[] v,
      int lo,
      int hi,
      long rangeStart,
      long rangeEnd,
      boolean smoothed,
      boolean isCounter,
      boolean isRate) {
    int last = hi - 1;
    int first = lo;
    while (first < last && t[first] <= rangeStart) {
      first++;
    }
    first = Math.max(lo, first - 1);
    if (smoothed) {
      int k = lo;
      while (k < hi - 1 && t[k] < rangeEnd) {
        k++;
      }
      last = k;
    }
    if (t[last] <= rangeStart) {
      return NONE;
    }
    if (smoothed && t[first] > rangeEnd) {
      return NONE;
    }
    double left =
        smoothed && t[first] < rangeStart
            ? interpolate(t[first], v[first], t[first + 1], v[first + 1], rangeStart, isCounter)
            : v[first];
    double right =
        smoothed && last > lo && t[last] > rangeEnd
            ? interpolate(t[last - 1], v[last - 1], t[last], v[last], rangeEnd, isCounter)
            : v[last];
    double result = right - left;
    if (isCounter) {
      int a = first;
      int b = last;
      if (t[a] <= rangeStart) {
        a++;
      }
      if (t[b] >= rangeEnd) {
        b--;
      }
      double correction = 0;
      double prev = left;
      for (int i = a; i <= b; i++) {
        if (v[i] < prev) {
          correction += prev;
        }
        prev = v[i];
      }
      if (right < prev) {
        correction += prev;
      }
      result += correction;
    }
    if (isRate) {
      result /= (rangeEnd - rangeStart) / 1000.0;
    }
    return result;
  }

  /**
   * The first index of an anchored window for changes/resets: the last sample at or before the
   * range start (the anchor), or {@code lo}; -1 when no sample lies after the range start.
   */
  static int anchorIndex(long[] t, int lo, int hi, long rangeStart) {
    int k = lo;
    while (k < hi && t[k] <= rangeStart) {
      k++;
    }
    if (k >= hi) {
      return -1;
    }
    return k > lo ? k - 1 : lo;
  }

  static double avg(double[] v, int lo, int hi) {
    double sum = v[lo];
    double count = 1;
    double mean = 0;
    double c = 0;
    boolean incremental = false;
    for (int i = lo + 1; i < hi; i++) {
      double f = v[i];
      count = i - lo + 1;
      if (!incremental) {
        double s = sum + f;
        if (!Double.isInfinite(s)) {
          c = Aggregations.kahanComp(sum, f, s, c);
          sum = s;
          continue;
        }
        incremental = true;
        mean = sum / (count - 1);
        c /= count - 1;
      }
      double q = (count - 1) / count;
      double base = q * mean;
      double inc = f / count;
      double s = base + inc;
      c = Aggregations.kahanComp(base, inc, s, q * c);
      mean = s;
    }
    if (incremental) {
      return mean + c;
    }
    return sum / count + c / count;
  }

  /**
   * Prometheus's extrapolated rate/increase/delta of samples {@code [lo, hi)}. {@code scanResets}
   * false says the caller knows the window holds no counter reset (a drop between neighbours), so
   * the per-sample scan for them is skipped and the window costs O(1).
   */
  static double extrapolatedRate(
      long[] t,
      double[] v,
      int lo,
      int hi,
      long rangeStart,
      long rangeEnd,
      boolean isCounter,
      boolean isRate,
      boolean scanResets) {
    int n = hi - lo;
    if (n < 2) {
      return NONE;
    }
    double result = v[hi - 1] - v[lo];
    if (isCounter && scanResets) {
      double prev = v[lo];
      for (int i = lo + 1; i < hi; i++) {
        if (v[i] < prev) {
          result += prev;
        }
        prev = v[i];
      }
    }
    long firstT = t[lo];
    long lastT = t[hi - 1];
    double durationToStart = (firstT - rangeStart) / 1000.0;
    double durationToEnd = (rangeEnd - lastT) / 1000.0;
    double sampledInterval = (lastT - firstT) / 1000.0;
    double averageDurationBetweenSamples = sampledInterval / (n - 1);
    double threshold = averageDurationBetweenSamples * 1.1;
    if (durationToStart >= threshold) {
      durationToStart = averageDurationBetweenSamples / 2;
    }
    if (isCounter) {
      double durationToZero = durationToStart;
      if (result > 0 && v[lo] >= 0) {
        durationToZero = sampledInterval * (v[lo] / result);
      }
      if (durationToZero < durationToStart) {
        durationToStart = durationToZero;
      }
    }
    if (durationToEnd >= threshold) {
      durationToEnd = averageDurationBetweenSamples / 2;
    }
    double factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
    if (isRate) {
      factor /= (rangeEnd - rangeStart) / 1000.0;
    }
    return result * factor;
  }

  /** Returns {slope, intercept} of a least-squares fit, x in seconds relative to interceptTime. */
  static double[] linearRegression(long[] t, double[] v, int lo, int hi, long interceptTime) {
    double n = 0;
    double sumX = 0;
    double cX = 0;
    double sumY = 0;
    double cY = 0;
    double sumXY = 0;
    double cXY = 0;
    double sumX2 = 0;
    double cX2 = 0;
    double initY = v[lo];
    boolean constY = true;
    for (int i = lo; i < hi; i++) {
      double y = v[i];
      if (constY && i > lo && y != initY) {
        constY = false;
      }
      n += 1;
      double x = (t[i] - interceptTime) / 1e3;
      double s = sumX + x;
      cX = Aggregations.kahanComp(sumX, x, s, cX);
      sumX = s;
      s = sumY + y;
      cY = Aggregations.kahanComp(sumY, y, s, cY);
      sumY = s;
      double xy = x * y;
      s = sumXY + xy;
      cXY = Aggregations.kahanComp(sumXY, xy, s, cXY);
      sumXY = s;
      double x2 = x * x;
      s = sumX2 + x2;
      cX2 = Aggregations.kahanComp(sumX2, x2, s, cX2);
      sumX2 = s;
    }
    if (constY) {
      if (Double.isInfinite(initY)) {
        return new double[] {Double.NaN, Double.NaN};
      }
      return new double[] {0, initY};
    }
    sumX += cX;
    sumY += cY;
    sumXY += cXY;
    sumX2 += cX2;
    double covXY = sumXY - sumX * sumY / n;
    double varX = sumX2 - sumX * sumX / n;
    double slope = covXY / varX;
    double intercept = sumY / n - slope * sumX / n;
    return new double[] {slope, intercept};
  }

  /**
   * Counts counter resets cumulatively: {@code out[k]} is how many {@code i} in {@code (0, k]} have
   * {@code v[i] < v[i-1]}, so a window {@code [lo, hi)} holds {@code out[hi-1] - out[lo]} of them.
   * Returns {@code out}, or a larger array when it was too small.
   */
  static int[] resetPrefix(double[] v, int n, int[] out) {
    int[] r = out.length >= n ? out : new int[Math.max(n, out.length * 2)];
    if (n == 0) {
      return r;
    }
    int count = 0;
    r[0] = 0;
    double prev = v[0];
    for (int i = 1; i < n; i++) {
      double cur = v[i];
      if (cur < prev) {
        count++;
      }
      r[i] = count;
      prev = cur;
    }
    return r;
  }

  /** Reusable buffers of one thread's window loop. */
  static final class Scratch {
    double[] values = new double[16];
    int[] resets = new int[16];
  }

  static double[] grow(double[] scratch, int n) {
    return scratch.length >= n ? scratch : Arrays.copyOf(scratch, Math.max(n, scratch.length * 2));
  }
}
