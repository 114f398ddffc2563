// Dashboards: the list and the dashboard view. Until the dashboard store exists this page says so.
import { html } from 'lit';
import { VigilElement } from '../element.js';

class VigilDashboards extends VigilElement {
  static properties = { route: { attribute: false } };

  render() {
    return html`
      <h1>Dashboards</h1>
      <div class="empty" id="dashboards-empty"><strong>No dashboards yet</strong>
        Saved dashboards arrive with the dashboard store. Meanwhile, <a href="/explore">Explore</a> graphs any
        PromQL query, and its URL reproduces the view.</div>
    `;
  }
}

customElements.define('vigil-dashboards', VigilDashboards);
