// Light and dark themes. With nothing saved the theme follows the operating system (and changes
// with it); the toggle saves an explicit choice. index.html applies the theme before first paint.

const KEY = 'vigil.theme';
const media = matchMedia('(prefers-color-scheme: dark)');

function saved() {
  try {
    return localStorage.getItem(KEY);
  } catch (e) {
    return null;
  }
}

/** 'dark' or 'light', as shown now. */
export function theme() {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

/** 'system', 'dark' or 'light': what the user chose. */
export function preference() {
  return saved() || 'system';
}

function apply() {
  const pref = saved();
  const next = pref ? pref : media.matches ? 'dark' : 'light';
  if (document.documentElement.dataset.theme !== next) {
    document.documentElement.dataset.theme = next;
    window.dispatchEvent(new CustomEvent('vigil-theme', { detail: next }));
  }
}

/** Sets the preference: 'system', 'dark' or 'light'. */
export function setPreference(pref) {
  try {
    if (pref === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, pref);
  } catch (e) {
    // private mode: the choice lasts for this page only
    document.documentElement.dataset.theme = pref === 'system' ? (media.matches ? 'dark' : 'light') : pref;
  }
  apply();
}

/** Switches to the other theme and remembers it. */
export function toggle() {
  setPreference(theme() === 'dark' ? 'light' : 'dark');
}

media.addEventListener('change', apply);
window.addEventListener('storage', (e) => e.key === KEY && apply());
