package dev.vigil.collect.host;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.collect.config.PromDuration;
import dev.vigil.collect.scrape.LocalTarget;
import dev.vigil.core.model.Labels;
import java.net.URI;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code collectors.host} section: this host's CPU, memory, disks, file systems, network and
 * processes under node_exporter's and process-exporter's metric names. On by default.
 *
 * @param enabled whether to collect (default true)
 * @param interval how often (default 15s)
 * @param job the {@code job} label (default {@code node})
 * @param instance the {@code instance} label (default: the host name)
 * @param procPath where procfs is mounted (default {@code /proc}; e.g. {@code /host/proc} in a
 *     container)
 * @param mountPointsExclude mount points to leave out (node_exporter's default)
 * @param fsTypesExclude file system types to leave out (node_exporter's default)
 * @param netdevExclude network interfaces to leave out (default: none)
 * @param diskstatsExclude block devices to leave out (node_exporter's default: partitions, loop and
 *     ram devices)
 * @param processes per-process metrics
 */
public record HostConfig(
    @JsonProperty("enabled") Boolean enabled,
    @JsonProperty("interval") PromDuration interval,
    @JsonProperty("job") String job,
    @JsonProperty("instance") String instance,
    @JsonProperty("proc_path") String procPath,
    @JsonProperty("mount_points_exclude") String mountPointsExclude,
    @JsonProperty("fs_types_exclude") String fsTypesExclude,
    @JsonProperty("netdev_exclude") String netdevExclude,
    @JsonProperty("diskstats_exclude") String diskstatsExclude,
    @JsonProperty("processes") ProcessesConfig processes) {

  /** node_exporter 1.5's {@code --collector.filesystem.mount-points-exclude} default. */
  public static final String DEFAULT_MOUNT_POINTS_EXCLUDE =
      "^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)";

  /** node_exporter 1.5's {@code --collector.filesystem.fs-types-exclude} default. */
  public static final String DEFAULT_FS_TYPES_EXCLUDE =
      "^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660"
          + "|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs"
          + "|tracefs)$";

  /** node_exporter 1.5's {@code --collector.diskstats.device-exclude} default. */
  public static final String DEFAULT_DISKSTATS_EXCLUDE =
      "^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$";

  /** Fills in defaults and checks the values. */
  public HostConfig {
    enabled = enabled == null || enabled;
    interval = interval == null ? PromDuration.ofMillis(15_000) : interval;
    if (interval.millis() <= 0) {
      throw new IllegalArgumentException("interval must be greater than zero");
    }
    job = job == null || job.isEmpty() ? "node" : job;
    instance = instance == null ? "" : instance;
    procPath = procPath == null || procPath.isEmpty() ? "/proc" : procPath;
    mountPointsExclude =
        regex("mount_points_exclude", mountPointsExclude, DEFAULT_MOUNT_POINTS_EXCLUDE);
    fsTypesExclude = regex("fs_types_exclude", fsTypesExclude, DEFAULT_FS_TYPES_EXCLUDE);
    netdevExclude = regex("netdev_exclude", netdevExclude, "");
    diskstatsExclude = regex("diskstats_exclude", diskstatsExclude, DEFAULT_DISKSTATS_EXCLUDE);
    processes = processes == null ? ProcessesConfig.defaults() : processes;
  }

  private static String regex(String key, String value, String def) {
    String v = value == null ? def : value;
    try {
      Pattern.compile(v);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          key + " is not a valid regular expression: " + e.getDescription(), e);
    }
    return v;
  }

  /** The collector with every default. */
  public static HostConfig defaults() {
    return new HostConfig(null, null, null, null, null, null, null, null, null, null);
  }

  /** The target the scrape manager runs for this section. */
  public LocalTarget target() {
    String inst = instance.isEmpty() ? HostCollector.hostName(procPath) : instance;
    return new LocalTarget(
        job,
        Labels.of("instance", inst),
        URI.create("vigil://host"),
        interval.millis(),
        interval.millis(),
        this,
        () -> new HostCollector(this));
  }
}
