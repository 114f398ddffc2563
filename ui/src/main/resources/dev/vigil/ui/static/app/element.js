// The base of Vigil's components: Lit rendering into the light DOM, so the one stylesheet (and its
// theme variables) applies everywhere and tests can find elements with plain selectors.
import { LitElement } from 'lit';

export class VigilElement extends LitElement {
  createRenderRoot() {
    return this;
  }
}
