package dev.vigil.server.http;

import dev.vigil.server.api.StatusApi;
import dev.vigil.server.api.actions.ActionsApi;
import dev.vigil.server.api.alertmanager.AlertHistoryApi;
import dev.vigil.server.api.alertmanager.AlertmanagerApi;
import dev.vigil.server.api.alertmanager.MaintenanceApi;
import dev.vigil.server.api.alertmanager.SilencesApi;
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
import dev.vigil.server.api.write.WriteApi;
import dev.vigil.server.dashboards.DashboardsApi;
import dev.vigil.server.ui.UiAssets;
import io.javalin.http.HandlerType;

/**
 * Every HTTP route Vigil serves and the permission each needs, in one place. A new API adds its
 * routes here; the {@link Authorizer} enforces the permissions for all of them.
 */
public final class Routes {
  private Routes() {}

  /** The handler objects the routes call. */
  public record Apis(
      StatusApi status,
      MetadataApi metadata,
      MetricMetadata metricMetadata,
      FederateApi federate,
      QueryApi query,
      TargetsApi targets,
      RulesApi rules,
      AlertmanagerApi alertmanager,
      SilencesApi silences,
      AlertHistoryApi alertHistory,
      MaintenanceApi maintenance,
      AdminApi admin,
      WriteApi write,
      UiAssets ui,
      DashboardsApi dashboards,
      OtlpHttpApi otlp,
      ActionsApi actions,
      PushgatewayApi pushgateway,
      ExportApi export) {}

  /** Builds the route table from the components' handlers. */
  public static RouteTable build(Apis apis) {
    RouteTable t = new RouteTable();
    StatusApi status = apis.status();
    t.get("/-/healthy", Permission.OPEN, status::healthy);
    t.add(HandlerType.HEAD, "/-/healthy", Permission.OPEN, status::healthy);
    t.get("/-/ready", Permission.OPEN, status::ready);
    t.add(HandlerType.HEAD, "/-/ready", Permission.OPEN, status::ready);
    t.post("/-/reload", Permission.ADMIN, status::reload);
    t.add(HandlerType.PUT, "/-/reload", Permission.ADMIN, status::reload);
    t.get("/metrics", Permission.READ, status::metrics);

    t.get("/api/v1/status/buildinfo", Permission.READ, status::buildInfo);
    t.get("/api/v1/status/config", Permission.READ, status::config);
    t.get("/api/v1/status/flags", Permission.READ, status::flags);
    t.get("/api/v1/status/runtimeinfo", Permission.READ, status::runtimeInfo);
    t.get("/api/v1/status/walreplay", Permission.READ, status::walReplay);
    t.get("/api/v1/alertmanagers", Permission.READ, status::alertmanagers);

    QueryApi query = apis.query();
    t.getAndPost("/api/v1/query", Permission.READ, query::instant);
    t.getAndPost("/api/v1/query_range", Permission.READ, query::range);
    t.getAndPost("/api/v1/format_query", Permission.READ, query::format);
    t.getAndPost("/api/v1/parse_query", Permission.READ, query::parseQuery);
    t.getAndPost("/api/v1/query_exemplars", Permission.READ, query::exemplars);

    MetadataApi metadata = apis.metadata();
    t.getAndPost("/api/v1/series", Permission.READ, metadata::series);
    t.getAndPost("/api/v1/labels", Permission.READ, metadata::labelNames);
    t.get("/api/v1/label/{name}/values", Permission.READ, metadata::labelValues);
    t.get("/api/v1/metadata", Permission.READ, apis.metricMetadata()::handle);
    t.get("/federate", Permission.READ, apis.federate()::federate);
    t.get("/api/v1/targets", Permission.READ, apis.targets()::targets);
    t.get("/api/v1/targets/metadata", Permission.READ, apis.targets()::metadata);
    t.get("/api/v1/rules", Permission.READ, apis.rules()::rules);
    t.get("/api/v1/alerts", Permission.READ, apis.rules()::alerts);
    t.post("/api/v2/alerts", Permission.WRITE, apis.alertmanager()::post);
    t.get("/api/v2/alerts", Permission.READ, apis.alertmanager()::get);
    t.get("/api/v2/status", Permission.READ, apis.alertmanager()::status);
    t.get("/api/v2/alerts/groups", Permission.READ, apis.alertmanager()::groups);
    t.get("/api/v2/receivers", Permission.READ, apis.alertmanager()::receivers);
    t.get("/api/v2/silences", Permission.READ, apis.silences()::list);
    t.post("/api/v2/silences", Permission.WRITE, apis.silences()::post);
    t.get("/api/v2/silence/{id}", Permission.READ, apis.silences()::get);
    t.add(HandlerType.DELETE, "/api/v2/silence/{id}", Permission.WRITE, apis.silences()::delete);
    t.get("/api/vigil/v1/alerts/history", Permission.READ, apis.alertHistory()::history);
    t.get("/api/vigil/v1/alerts/acks", Permission.READ, apis.alertHistory()::acks);
    t.post(
        "/api/vigil/v1/alerts/{fingerprint}/ack",
        Permission.WRITE,
        apis.alertHistory()::acknowledge);
    t.add(
        HandlerType.DELETE,
        "/api/vigil/v1/alerts/{fingerprint}/ack",
        Permission.WRITE,
        apis.alertHistory()::unacknowledge);
    t.get("/api/vigil/v1/alerts/flapping", Permission.READ, apis.alertHistory()::flapping);
    t.get("/api/vigil/v1/maintenance", Permission.READ, apis.maintenance()::list);
    t.post("/api/vigil/v1/maintenance", Permission.WRITE, apis.maintenance()::create);
    t.get("/api/vigil/v1/maintenance/{id}", Permission.READ, apis.maintenance()::get);
    t.add(
        HandlerType.DELETE,
        "/api/vigil/v1/maintenance/{id}",
        Permission.WRITE,
        apis.maintenance()::delete);

    t.get("/api/v1/status/tsdb", Permission.READ, apis.admin()::status);
    t.post("/api/v1/admin/tsdb/snapshot", Permission.ADMIN, apis.admin()::snapshot);
    t.add(HandlerType.PUT, "/api/v1/admin/tsdb/snapshot", Permission.ADMIN, apis.admin()::snapshot);
    t.post("/api/v1/admin/tsdb/delete_series", Permission.ADMIN, apis.admin()::deleteSeries);
    t.add(
        HandlerType.PUT,
        "/api/v1/admin/tsdb/delete_series",
        Permission.ADMIN,
        apis.admin()::deleteSeries);
    t.post("/api/v1/admin/tsdb/clean_tombstones", Permission.ADMIN, apis.admin()::cleanTombstones);
    t.add(
        HandlerType.PUT,
        "/api/v1/admin/tsdb/clean_tombstones",
        Permission.ADMIN,
        apis.admin()::cleanTombstones);

    WriteApi write = apis.write();
    t.post("/api/v1/write", Permission.WRITE, write::remoteWrite);
    t.post("/api/v1/import/prometheus", Permission.WRITE, write::importPrometheus);
    t.post("/api/v1/import", Permission.WRITE, write::importJson);
    t.get("/api/v1/export", Permission.READ, apis.export()::export);
    t.post("/write", Permission.WRITE, write::influx);
    t.post("/api/v2/write", Permission.WRITE, write::influx);
    t.post("/v1/metrics", Permission.WRITE, apis.otlp()::metrics);
    PushgatewayApi push = apis.pushgateway();
    t.add(HandlerType.PUT, "/metrics/job/<grouping>", Permission.WRITE, push::put);
    t.post("/metrics/job/<grouping>", Permission.WRITE, push::post);
    t.add(HandlerType.DELETE, "/metrics/job/<grouping>", Permission.WRITE, push::delete);

    DashboardsApi dashboards = apis.dashboards();
    t.get("/api/vigil/v1/dashboards", Permission.READ, dashboards::list);
    t.post("/api/vigil/v1/dashboards", Permission.WRITE, dashboards::create);
    t.get("/api/vigil/v1/dashboards/{id}", Permission.READ, dashboards::get);
    t.add(HandlerType.PUT, "/api/vigil/v1/dashboards/{id}", Permission.WRITE, dashboards::replace);
    t.add(
        HandlerType.DELETE, "/api/vigil/v1/dashboards/{id}", Permission.WRITE, dashboards::delete);
    t.post("/api/vigil/v1/dashboards/{id}/duplicate", Permission.WRITE, dashboards::duplicate);
    t.get("/api/vigil/v1/dashboards/{id}/export", Permission.READ, dashboards::export);
    t.get("/api/vigil/v1/actions/runs", Permission.READ, apis.actions()::runs);

    UiAssets ui = apis.ui();
    UiAssets.PAGES.forEach(page -> t.get(page, Permission.READ, ui::page));
    t.get("/ui/app/<path>", Permission.READ, ui::app);
    t.get("/ui/build/{build}/<path>", Permission.READ, ui::appBuild);
    t.get("/ui/vendor/{pkg}/<path>", Permission.READ, ui::vendor);
    return t;
  }
}
