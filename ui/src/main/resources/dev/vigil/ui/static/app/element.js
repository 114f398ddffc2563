// The base of Vigil's components: Lit rendering into the light DOM, so the one stylesheet (and its
// theme variables) applies everywhere and tests can find elements with plain selectors.
import { LitElement } from 'lit';

export class VigilElement extends LitElement {
  createRenderRoot() {
    return this;
  }
}

/**
 * A component that loads its data when it appears, every pollMs while the tab is visible, and
 * when the user asks for a refresh ('r', or the server coming back). Subclasses implement load()
 * and may set pollMs in their constructor.
 */
export class PollingElement extends VigilElement {
  constructor() {
    super();
    this.pollMs = 0;
    this.onRefresh = () => this.load();
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('vigil-refresh', this.onRefresh);
    if (this.pollMs > 0) this.pollTimer = setInterval(() => !document.hidden && this.load(), this.pollMs);
    this.load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('vigil-refresh', this.onRefresh);
    clearInterval(this.pollTimer);
  }

  load() {}
}
