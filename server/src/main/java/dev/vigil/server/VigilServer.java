package dev.vigil.server;

import dev.vigil.alerting.actions.ActionAudit;
import dev.vigil.alerting.actions.ActionNotifier;
import dev.vigil.alerting.actions.ActionRunner;
import dev.vigil.alerting.actions.ActionSpec;
import dev.vigil.alerting.config.NotifierConfig;
import dev.vigil.alerting.dispatch.DispatchMetrics;
import dev.vigil.alerting.dispatch.Dispatcher;
import dev.vigil.alerting.dispatch.NotificationLog;
import dev.vigil.alerting.history.Acknowledgements;
import dev.vigil.alerting.history.AlertHistory;
import dev.vigil.alerting.history.AlertTracker;
import dev.vigil.alerting.history.FlapDetector;
import dev.vigil.alerting.inhibit.Inhibition;
import dev.vigil.alerting.notify.AlertStore;
import dev.vigil.alerting.notify.Integrations;
import dev.vigil.alerting.notify.Muter;
import dev.vigil.alerting.notify.NotifierFactory;
import dev.vigil.alerting.rules.BuiltinRules;
import dev.vigil.alerting.rules.RuleFileException;
import dev.vigil.alerting.rules.RuleGroupSpec;
import dev.vigil.alerting.rules.RuleManager;
import dev.vigil.alerting.silence.MaintenanceWindows;
import dev.vigil.alerting.silence.Silences;
import dev.vigil.alerting.yaml.YamlTree;
import dev.vigil.collect.config.ScrapeConfig;
import dev.vigil.collect.scrape.ScrapeManager;
import dev.vigil.core.meta.MetaStore;
import dev.vigil.core.selfmetrics.Gauge;
import dev.vigil.core.selfmetrics.MetricsRegistry;
import dev.vigil.ingest.push.PushStore;
import dev.vigil.ingest.remotewrite.RemoteWriteDecoder;
import dev.vigil.promql.engine.Engine;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.server.api.StatusApi;
import dev.vigil.server.api.actions.ActionsApi;
import dev.vigil.server.api.alertmanager.AlertHistoryApi;
import dev.vigil.server.api.alertmanager.AlertmanagerApi;
import dev.vigil.server.api.alertmanager.MaintenanceApi;
import dev.vigil.server.api.alertmanager.SilencesApi;
import dev.vigil.server.api.otlp.OtlpDecoders;
import dev.vigil.server.api.otlp.OtlpGrpcServer;
import dev.vigil.server.api.otlp.OtlpHttpApi;
import dev.vigil.server.api.prom.AdminApi;
import dev.vigil.server.api.prom.ExportApi;
import dev.vigil.server.api.prom.FederateApi;
import dev.vigil.server.api.prom.MetadataApi;
import dev.vigil.server.api.prom.MetricMetadata;
import dev.vigil.server.api.prom.QueryApi;
import dev.vigil.server.api.prom.RulesApi;
import dev.vigil.server.api.prom.TargetsApi;
import dev.vigil.server.api.push.PushgatewayApi;
import dev.vigil.server.api.statsd.StatsdServer;
import dev.vigil.server.api.write.WriteApi;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.ConfigLoader;
import dev.vigil.server.config.ConfigWriter;
import dev.vigil.server.config.ListenAddress;
import dev.vigil.server.config.NotifierSettings;
import dev.vigil.server.config.ServerConfig;
import dev.vigil.server.config.VigilConfig;
import dev.vigil.server.dashboards.DashboardStore;
import dev.vigil.server.dashboards.DashboardsApi;
import dev.vigil.server.dashboards.ShippedDashboards;
import dev.vigil.server.http.Authorizer;
import dev.vigil.server.http.HttpServer;
import dev.vigil.server.http.Routes;
import dev.vigil.server.lifecycle.DataDir;
import dev.vigil.server.lifecycle.Readiness;
import dev.vigil.server.selfmon.BuildInfo;
import dev.vigil.server.selfmon.JvmCollector;
import dev.vigil.server.selfmon.ProcessCollector;
import dev.vigil.server.ui.UiAssets;
import dev.vigil.tsdb.Tsdb;
import dev.vigil.tsdb.TsdbOptions;
import dev.vigil.tsdb.head.HeadLimits;
import dev.vigil.tsdb.wal.FsyncPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds Vigil's parts from the configuration and connects them: data folder, self-metrics, HTTP
 * routes. Owns their lifecycle: {@link #start}, {@link #reload} any number of times, {@link #stop}
 * once.
 */
public final class VigilServer {
  private static final Logger LOG = LoggerFactory.getLogger(VigilServer.class);

  private static final String SELF_JOB = "vigil";

  /** Command-line values that win over the file, kept across reloads. */
  public record Overrides(ListenAddress listen, String dataPath, String otlpGrpcListen) {}

  private final Path configFile;
  private final Overrides overrides;
  private final ConfigLoader loader = new ConfigLoader();
  private final AtomicReference<VigilConfig> config = new AtomicReference<>();
  private final MetricsRegistry registry = new MetricsRegistry();
  private final Readiness readiness = new Readiness();
  private final BuildInfo build = BuildInfo.load();
  private final Gauge reloadSuccessful;
  private final Gauge reloadTimestamp;
  private final StorageGate storage = new StorageGate();
  private final MetricMetadata metricMetadata = new MetricMetadata(100_000);
  private final Map<String, String> flags;
  private DataDir dataDir;
  private MetaStore meta;
  private Silences silences;
  private MaintenanceWindows maintenance;
  private AlertHistory history;
  private Acknowledgements acks;
  private AlertTracker alertTracker;
  private FlapDetector flaps;
  private HttpServer http;
  private OtlpGrpcServer grpc;
  private StatsdServer statsd;
  private PushgatewayApi pushgateway;
  private volatile Tsdb tsdb;
  private volatile ScrapeManager scrapes;
  private volatile RuleManager rules;
  private final AlertStore alertStore = new AlertStore(Duration.ofHours(1));
  private final Inhibition inhibition = new Inhibition(alertStore);
  private volatile NotifierConfig notifierConfig;
  private ActionAudit actionAudit;

  /** Asked by the dispatcher before every notification: silences, inhibition, ... */
  private final List<Muter> muters = new ArrayList<>();

  private volatile Dispatcher dispatcher;

  /** How long the notification log remembers a group (Alertmanager's nflog keeps 120h). */
  private static final Duration NOTIFICATION_LOG_RETENTION = Duration.ofDays(5);

  private Engine engine;

  /**
   * Creates a server for an already checked configuration.
   *
   * @param configFile the file to reread on reload, or null when running on defaults
   */
  public VigilServer(
      Path configFile, VigilConfig initial, Overrides overrides, Map<String, String> flags) {
    this.configFile = configFile;
    this.flags = Map.copyOf(flags);
    this.overrides = overrides;
    this.config.set(applyOverrides(initial));
    registry.register(new ProcessCollector(), ProcessCollector.families());
    registry.register(new JvmCollector(), JvmCollector.families());
    registry.register(
        w -> {
          w.family(
              "vigil_build_info",
              dev.vigil.core.selfmetrics.MetricType.GAUGE,
              "A metric with a constant '1' value labeled by version, revision, branch and the Java version Vigil runs on.");
          w.sample(
              "vigil_build_info",
              List.of("branch", "javaversion", "revision", "version"),
              List.of(build.branch(), build.javaVersion(), build.revision(), build.version()),
              1);
        },
        "vigil_build_info");
    reloadSuccessful =
        registry.register(
            new Gauge(
                "vigil_config_last_reload_successful",
                "Whether the last configuration reload attempt was successful."),
            "vigil_config_last_reload_successful");
    reloadTimestamp =
        registry.register(
            new Gauge(
                "vigil_config_last_reload_success_timestamp_seconds",
                "Timestamp of the last successful configuration reload."),
            "vigil_config_last_reload_success_timestamp_seconds");
    reloaded();
  }

  private VigilConfig applyOverrides(VigilConfig c) {
    VigilConfig out = c;
    if (overrides.listen() != null) {
      out = out.withServer(out.server().withListen(overrides.listen()));
    }
    if (overrides.dataPath() != null) {
      out = out.withStorage(out.storage().withPath(overrides.dataPath()));
    }
    if (overrides.otlpGrpcListen() != null) {
      out = out.withServer(out.server().withOtlpGrpcListen(overrides.otlpGrpcListen()));
    }
    return out;
  }

  /**
   * Opens the data folder and starts serving.
   *
   * @throws IOException if the data folder cannot be used
   * @throws HttpServer.PortInUseException if the listen address is taken
   */
  public void start() throws IOException {
    VigilConfig c = config.get();
    readiness.register("http");
    readiness.register("storage");
    dataDir = DataDir.open(Path.of(c.storage().path()));
    LOG.info("data folder {}", dataDir.path());
    meta = openMeta(dataDir.path());
    try {
      NotifierSettings ns = c.notifier();
      silences =
          Silences.open(
              meta,
              ns.silences().retention(),
              ns.silences().maxSilences(),
              ns.silences().maxPerSilenceBytes(),
              Instant::now);
      maintenance = MaintenanceWindows.open(meta);
      history = new AlertHistory(meta, ns.historyRetention(), Instant::now);
      flaps = new FlapDetector(ns.flapping().maxChanges(), ns.flapping().window());
      acks = Acknowledgements.open(meta, history, Instant::now);
      alertTracker = new AlertTracker(alertStore, history, flaps, acks, Instant::now);
    } catch (SQLException e) {
      throw new IOException(
          "cannot read alert state from the metadata store: " + e.getMessage(), e);
    }
    alertTracker.start(Duration.ofSeconds(1));
    // Acknowledgements hold back repeats only: the dispatcher asks them before a repeat.
    muters.addAll(List.of(silences, maintenance, flaps, inhibition, acks));
    actionAudit = new ActionAudit(meta);
    try {
      ActionRunner.install(new ActionRunner(actionSpecs(c, configFile), actionAudit, Instant::now));
    } catch (ConfigException e) {
      throw new IOException(e.getMessage(), e);
    }
    StatusApi status = new StatusApi(readiness, registry, build, this::reload, runtimeState());
    engine =
        new Engine(
            EngineOptions.defaults()
                .withLookbackDelta(c.query().lookbackDelta().toMillis())
                .withMaxSamples(c.query().maxSamples())
                .withMaxSeries(c.query().maxSeries())
                .withMaxConcurrentQueries(c.query().maxConcurrency())
                .withTimeout(c.query().timeout()));
    WriteApi write =
        new WriteApi(
            storage,
            metricMetadata,
            RemoteWriteDecoder.DEFAULT_MAX_DECODED_BYTES,
            c.server().maxConcurrentWrites(),
            c.server().writeQueueTimeout(),
            c.server().maxWriteBytesInFlight().bytes(),
            c.server().maxRequestSize().bytes(),
            registry);
    pushgateway =
        new PushgatewayApi(
            new PushStore(c.pushgateway().maxSeries()),
            write,
            metricMetadata,
            dataDir.path().resolve("pushgateway.state"),
            c.pushgateway().interval(),
            RemoteWriteDecoder.DEFAULT_MAX_DECODED_BYTES);
    OtlpDecoders otlp =
        new OtlpDecoders(
            RemoteWriteDecoder.DEFAULT_MAX_DECODED_BYTES,
            c.otlp().settings(c.query().lookbackDelta().toMillis()),
            metricMetadata);
    http =
        new HttpServer(
            Routes.build(
                new Routes.Apis(
                    status,
                    new MetadataApi(storage),
                    metricMetadata,
                    new FederateApi(
                        storage,
                        () -> config.get().global().externalLabels(),
                        () -> config.get().query().lookbackDelta().toMillis()),
                    new QueryApi(storage, engine, c.query().slowQueryThreshold()),
                    new TargetsApi(() -> scrapes),
                    new RulesApi(() -> rules),
                    new AlertmanagerApi(alertStore, () -> dispatcher, build.version()),
                    new SilencesApi(silences),
                    new AlertHistoryApi(alertStore, history, acks, flaps),
                    new MaintenanceApi(maintenance),
                    new AdminApi(() -> tsdb, dataDir.path().resolve("snapshots")),
                    write,
                    new UiAssets(uiDevDir()),
                    new DashboardsApi(new DashboardStore(meta), ShippedDashboards.load()),
                    new OtlpHttpApi(write, otlp),
                    new ActionsApi(actionAudit),
                    pushgateway,
                    new ExportApi(storage))),
            new Authorizer(),
            registry,
            c.server().maxRequestSize().bytes());
    try {
      http.start(c.server().listen());
    } catch (RuntimeException e) {
      dataDir.close();
      throw e;
    }
    readiness.ready("http");
    startGrpc(c, write, otlp);
    startStatsd(c, write);
    pushgateway.start();
    openStorage(c);
    LOG.info(
        "Vigil {} is ready on http://{}:{}/",
        build.version(),
        c.server().listen().host().isEmpty() ? "localhost" : c.server().listen().host(),
        http.port());
  }

  /**
   * Starts OTLP/gRPC unless it is off. An address set in the configuration must be free (else the
   * start fails); when the default port 4317 is taken, e.g. by another collector on this host,
   * Vigil runs without gRPC and says so.
   */
  private void startGrpc(VigilConfig c, WriteApi write, OtlpDecoders otlp) throws IOException {
    ListenAddress address = c.server().otlpGrpcAddress();
    if (address == null) {
      LOG.info("OTLP/gRPC is off (server.otlp_grpc_listen)");
      return;
    }
    readiness.register("otlp_grpc");
    OtlpGrpcServer server =
        new OtlpGrpcServer(address, (int) c.server().maxRequestSize().bytes(), write, otlp);
    try {
      server.start();
    } catch (OtlpGrpcServer.PortInUseException e) {
      boolean byDefault = c.server().otlpGrpcListen().equals(ServerConfig.DEFAULT_OTLP_GRPC_LISTEN);
      if (!byDefault) {
        http.stop(Duration.ZERO);
        dataDir.close();
        throw new IOException(
            "server.otlp_grpc_listen " + address + " is in use: " + e.getCause().getMessage(), e);
      }
      LOG.warn(
          "OTLP/gRPC: the default port {} is in use; running without gRPC (set server.otlp_grpc_listen)",
          address);
      readiness.ready("otlp_grpc");
      return;
    }
    grpc = server;
    readiness.ready("otlp_grpc");
    LOG.info("OTLP/gRPC listening on {}:{}", address.bindHost(), server.port());
  }

  /** Starts the StatsD listener when {@code statsd.listen} is set. */
  private void startStatsd(VigilConfig c, WriteApi write) throws IOException {
    ListenAddress address = c.statsd().address();
    if (address == null) {
      return;
    }
    StatsdServer server =
        new StatsdServer(
            address,
            c.statsd().flushInterval(),
            new dev.vigil.ingest.statsd.StatsdAggregator(
                c.statsd().buckets(), c.statsd().maxSeries()),
            write,
            registry);
    try {
      server.start();
    } catch (IOException e) {
      if (grpc != null) {
        grpc.stop(Duration.ZERO);
      }
      http.stop(Duration.ZERO);
      dataDir.close();
      throw new IOException("statsd.listen " + address + ": cannot listen: " + e.getMessage(), e);
    }
    statsd = server;
    LOG.info("StatsD listening on udp {}:{}", address.bindHost(), server.port());
  }

  /** The port OTLP/gRPC listens on, or -1 when it is off. */
  public int grpcPort() {
    return grpc == null ? -1 : grpc.port();
  }

  /** The metadata store, {@code data/vigil.db} (SQLite), with every component's migrations. */
  private static MetaStore openMeta(Path data) throws IOException {
    try {
      MetaStore m = MetaStore.open("jdbc:sqlite:" + data.resolve("vigil.db"));
      m.migrate(DashboardStore.MIGRATIONS);
      m.migrate(Silences.MIGRATIONS);
      m.migrate(AlertHistory.MIGRATIONS);
      m.migrate(MaintenanceWindows.MIGRATIONS);
      m.migrate(ActionAudit.MIGRATIONS);
      return m;
    } catch (SQLException e) {
      throw new IOException(
          "cannot open the metadata store " + data.resolve("vigil.db") + ": " + e.getMessage(), e);
    }
  }

  /** {@code VIGIL_UI_DIR}: serve the UI from this folder instead of the jar (UI development). */
  private static Path uiDevDir() {
    String dir = System.getenv("VIGIL_UI_DIR");
    if (dir == null || dir.isBlank()) {
      return null;
    }
    LOG.warn("serving the UI from {} (VIGIL_UI_DIR), not from the jar", dir);
    return Path.of(dir);
  }

  private void openStorage(VigilConfig c) throws IOException {
    Path dir = dataDir.path().resolve("metrics");
    long started = System.nanoTime();
    TsdbOptions d = TsdbOptions.defaults();
    TsdbOptions options =
        new TsdbOptions(
            d.walSegmentBytes(),
            FsyncPolicy.valueOf(c.storage().walFsync().toUpperCase(Locale.ROOT)),
            c.storage().walFsyncInterval().toMillis(),
            new HeadLimits(
                c.storage().maxLabelNameLength(),
                c.storage().maxLabelValueLength(),
                c.storage().maxLabelsPerSeries(),
                c.storage().maxSeries(),
                c.storage().maxFuture().toMillis(),
                c.storage().maxSeriesPerMetric(),
                c.storage().outOfOrderWindow().toMillis()),
            d.blockRangeMillis(),
            c.storage().retention().toMillis(),
            c.storage().retentionSize().bytes(),
            d.compactionIntervalMillis());
    try {
      tsdb = Tsdb.open(dir, options);
    } catch (IOException | RuntimeException e) {
      http.stop(Duration.ZERO);
      dataDir.close();
      throw new IOException("cannot open the metrics store in " + dir + ": " + e.getMessage(), e);
    }
    storage.open(tsdb);
    readiness.ready("storage");
    scrapes = new ScrapeManager(storage, c.scrapeGlobals());
    scrapes.apply(c.scrapeGlobals(), withSelfScrape(c));
    scrapes.applyLocal(c.localTargets());
    rules = new RuleManager(engine, storage, storage, alertStore, registry);
    try {
      notifierConfig = notifierConfig(c, configFile, externalUrl(c));
      dispatcher =
          new Dispatcher(
              alertStore,
              muters,
              new NotificationLog(meta, NOTIFICATION_LOG_RETENTION),
              new DispatchMetrics(registry));
      inhibition.apply(notifierConfig == null ? List.of() : notifierConfig.inhibitions());
      dispatcher.apply(notifierConfig);
      rules.update(ruleGroups(c, configFile), ruleOptions(c));
    } catch (SQLException e) {
      throw new IOException("cannot open the notification log: " + e.getMessage(), e);
    } catch (ConfigException e) {
      throw new IOException(e.getMessage(), e);
    }
    LOG.info(
        "metrics store open in {} ms: {} series in memory",
        (System.nanoTime() - started) / 1_000_000,
        tsdb.head().seriesCount());
  }

  /**
   * The rule groups of {@code rule_files} (resolved against the configuration file's folder) plus
   * the built-in ones unless {@code rules.builtin} is false.
   *
   * @throws ConfigException naming the file, line and problem of every invalid rule
   */
  public static List<RuleGroupSpec> ruleGroups(VigilConfig c, Path configFile)
      throws ConfigException {
    Path base = baseDir(configFile);
    List<RuleGroupSpec> user;
    try {
      user = RuleManager.load(c.ruleFiles(), base);
    } catch (RuleFileException e) {
      throw new ConfigException("invalid rule files:\n" + e.getMessage(), e);
    }
    return c.rules().builtin() ? BuiltinRules.withUser(user) : user;
  }

  /**
   * The notifier configuration of {@code alertmanager:} or of the file {@code
   * alertmanager_config_file:} names (relative to the configuration file's folder); null when
   * neither is set.
   *
   * @throws ConfigException naming the file, line and problem
   */
  public static NotifierConfig notifierConfig(VigilConfig c, Path configFile, String externalUrl)
      throws ConfigException {
    Path base = baseDir(configFile);
    YamlTree.Node node = c.alertmanager();
    String source = configFile == null ? "vigil.yml" : configFile.toString();
    String section = "alertmanager: ";
    if (c.alertmanagerConfigFile() != null) {
      Path f = base.resolve(c.alertmanagerConfigFile());
      String text;
      try {
        text = Files.readString(f);
      } catch (IOException e) {
        throw new ConfigException(
            source + ": alertmanager_config_file: cannot read " + f + ": " + e, e);
      }
      source = f.toString();
      section = "";
      try {
        node = YamlTree.read(text);
      } catch (YamlTree.YamlException e) {
        throw new ConfigException(source + ": " + e.getMessage(), e);
      }
      if (node == null) {
        throw new ConfigException(source + ": empty; an alertmanager.yml needs a route", null);
      }
      base = baseDir(f);
    }
    if (node == null) {
      return null;
    }
    Map<String, NotifierFactory> factories = Integrations.byKey();
    ActionNotifier.Factory actions =
        new ActionNotifier.Factory(actionSpecs(c, configFile).keySet());
    factories.put(actions.configKey(), actions);
    try {
      return NotifierConfig.parse(node, factories, externalUrl, base);
    } catch (dev.vigil.alerting.notify.ConfigException e) {
      String at = e.line() > 0 ? ":" + e.line() + (e.col() > 0 ? ":" + e.col() : "") : "";
      throw new ConfigException(source + at + ": " + section + e.reason(), e);
    }
  }

  /**
   * The automated actions of {@code actions:} by name (none when the key is absent).
   *
   * @throws ConfigException naming the file, line and problem
   */
  public static Map<String, ActionSpec> actionSpecs(VigilConfig c, Path configFile)
      throws ConfigException {
    try {
      return ActionSpec.parseAll(c.actions());
    } catch (dev.vigil.alerting.notify.ConfigException e) {
      String source = configFile == null ? "vigil.yml" : configFile.toString();
      String at = e.line() > 0 ? ":" + e.line() + (e.col() > 0 ? ":" + e.col() : "") : "";
      throw new ConfigException(source + at + ": actions: " + e.reason(), e);
    }
  }

  private static Path baseDir(Path file) {
    return file == null || file.toAbsolutePath().getParent() == null
        ? Path.of("")
        : file.toAbsolutePath().getParent();
  }

  private String externalUrl(VigilConfig c) {
    String url = c.rules().externalUrl();
    if (url.isEmpty()) {
      String host = c.server().listen().host();
      boolean anyHost = host.isEmpty() || host.equals("0.0.0.0") || host.equals("::");
      url = "http://" + (anyHost ? "localhost" : host) + ":" + http.port();
    }
    return url;
  }

  private RuleManager.Options ruleOptions(VigilConfig c) {
    String url = externalUrl(c);
    return new RuleManager.Options(
        c.global().evaluationInterval().toMillis(),
        c.rules().resendDelay().toMillis(),
        c.rules().forGracePeriod().toMillis(),
        c.rules().outageTolerance().toMillis(),
        c.global().externalLabels(),
        url);
  }

  /**
   * The configured scrape jobs plus Vigil scraping its own {@code /metrics} as job {@code vigil},
   * unless the configuration has a job of that name.
   */
  private List<ScrapeConfig> withSelfScrape(VigilConfig c) {
    List<ScrapeConfig> jobs = new ArrayList<>(c.scrapeConfigs());
    for (ScrapeConfig j : jobs) {
      if (SELF_JOB.equals(j.jobName())) {
        return jobs;
      }
    }
    String host = c.server().listen().host();
    boolean anyHost = host.isEmpty() || host.equals("0.0.0.0") || host.equals("::");
    String addr =
        (anyHost ? "localhost" : host.contains(":") ? "[" + host + "]" : host) + ":" + http.port();
    jobs.add(0, ScrapeConfig.of(SELF_JOB, null, addr));
    return jobs;
  }

  private StatusApi.RuntimeState runtimeState() {
    return new StatusApi.RuntimeState() {
      @Override
      public String configYaml() {
        return ConfigWriter.toYaml(config.get());
      }

      @Override
      public boolean lastReloadSuccessful() {
        return reloadSuccessful.get() == 1;
      }

      @Override
      public long lastConfigMillis() {
        return (long) (reloadTimestamp.get() * 1000);
      }

      @Override
      public Map<String, String> flags() {
        return flags;
      }
    };
  }

  /** The port the HTTP server listens on. */
  public int port() {
    return http.port();
  }

  /** The configuration in force. */
  public VigilConfig config() {
    return config.get();
  }

  /**
   * Rereads the configuration file. An invalid file is rejected with the reason and the old
   * configuration keeps running.
   */
  public synchronized void reload() throws ConfigException {
    if (configFile == null) {
      LOG.info("reload requested; running on defaults without a configuration file, nothing to do");
      reloaded();
      return;
    }
    VigilConfig next;
    try {
      next = applyOverrides(loader.load(configFile));
    } catch (ConfigException e) {
      throw reloadFailed(e);
    }
    List<RuleGroupSpec> groups;
    NotifierConfig nextNotifier;
    Map<String, ActionSpec> nextActions;
    try {
      groups = ruleGroups(next, configFile);
      nextActions = actionSpecs(next, configFile);
      nextNotifier = notifierConfig(next, configFile, externalUrl(next));
    } catch (ConfigException e) {
      throw reloadFailed(e);
    }
    ScrapeManager sm = scrapes;
    if (sm != null) {
      try {
        sm.apply(next.scrapeGlobals(), withSelfScrape(next));
        sm.applyLocal(next.localTargets());
      } catch (IllegalArgumentException e) {
        throw reloadFailed(
            new ConfigException(configFile + ": scrape_configs: " + e.getMessage(), e));
      }
    }
    RuleManager rm = rules;
    if (rm != null) {
      rm.update(groups, ruleOptions(next));
    }
    VigilConfig prev = config.get();
    if (!next.server().equals(prev.server())) {
      LOG.warn("changes to server: take effect after a restart");
    }
    if (!next.storage().equals(prev.storage())) {
      LOG.warn("changes to storage: take effect after a restart");
    }
    NotifierSettings ns = next.notifier();
    if (flaps != null) {
      flaps.setLimits(ns.flapping().maxChanges(), ns.flapping().window());
    }
    if (!ns.historyRetention().equals(prev.notifier().historyRetention())
        || !ns.silences().equals(prev.notifier().silences())) {
      LOG.warn(
          "changes to notifier.history_retention and notifier.silences: take effect after a"
              + " restart");
    }
    if (actionAudit != null) {
      ActionRunner.install(new ActionRunner(nextActions, actionAudit, Instant::now));
    }
    notifierConfig = nextNotifier;
    inhibition.apply(nextNotifier == null ? List.of() : nextNotifier.inhibitions());
    Dispatcher d = dispatcher;
    if (d != null) {
      d.apply(nextNotifier);
    }
    config.set(next);
    reloaded();
    LOG.info("configuration reloaded from {}", configFile);
  }

  /** Records a successful load; /api/v1/status/runtimeinfo reads the same gauges. */
  private void reloaded() {
    reloadSuccessful.set(1);
    reloadTimestamp.set(System.currentTimeMillis() / 1000.0);
  }

  private ConfigException reloadFailed(ConfigException e) {
    reloadSuccessful.set(0);
    LOG.error("configuration reload failed, keeping the previous one: {}", e.getMessage());
    return e;
  }

  /** Stops gracefully: not ready, finish in-flight requests, release the data folder. */
  public void stop() {
    readiness.stopping();
    // No notification starts once stopping begins: what is still waiting is sent by the next
    // start (the notification log knows what went out), never half-way through a shutdown.
    Dispatcher d = dispatcher;
    if (d != null) {
      d.close();
    }
    LOG.info("stopping: finishing requests in flight");
    if (grpc != null) {
      grpc.beginShutdown();
    }
    if (statsd != null) {
      statsd.stop();
    }
    if (http != null) {
      http.stop(config.get().server().shutdownTimeout());
    }
    if (pushgateway != null) {
      pushgateway.stop();
    }
    if (grpc != null) {
      grpc.stop(config.get().server().shutdownTimeout());
    }
    ScrapeManager sm = scrapes;
    if (sm != null) {
      sm.stop();
    }
    RuleManager rm = rules;
    if (rm != null) {
      rm.close();
    }
    storage.close();
    if (tsdb != null) {
      try {
        tsdb.close();
      } catch (IOException e) {
        LOG.error("closing the metrics store failed: {}", e.toString());
      }
    }
    if (alertTracker != null) {
      alertTracker.close();
    }
    if (meta != null) {
      try {
        meta.close();
      } catch (SQLException e) {
        LOG.warn("closing the metadata store failed: {}", e.toString());
      }
    }
    if (dataDir != null) {
      try {
        dataDir.close();
      } catch (IOException e) {
        LOG.warn("could not release the data folder lock: {}", e.toString());
      }
    }
    LOG.info("stopped");
  }
}
