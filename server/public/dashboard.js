/* global document, location, URL, fetch, DOMParser, setTimeout, clearTimeout */
// The dashboard works without this script; it only adds conveniences.
(() => {
  for (const element of document.querySelectorAll('.js-hidden')) element.hidden = true;
  for (const element of document.querySelectorAll('.js-shown')) element.hidden = false;

  const select = document.querySelector('select[data-autosubmit]');
  if (select) {
    select.addEventListener('change', () => select.form.submit());
    // First visit: show the numbers in the browser's own time zone.
    const url = new URL(location.href);
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const known = [...select.options].some((option) => option.value === zone);
    if (!url.searchParams.has('tz') && zone && known && zone !== select.value) {
      url.searchParams.set('tz', zone);
      location.replace(url.toString());
      return;
    }
  }

  // Live numbers: poll while the tab is visible, stop while it is hidden.
  const live = document.querySelector('[data-live]');
  if (!live) return;
  const EVERY_MS = 5000;
  let timer;
  let stopped = false;

  const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

  function apply(figures) {
    for (const [id, text] of Object.entries(figures.text)) {
      const element = byTestId(id);
      if (element && element.textContent !== text) element.textContent = text;
    }
    for (const [id, change] of Object.entries(figures.changes)) {
      const element = byTestId(id);
      if (!element) continue;
      element.textContent = change.text;
      element.className = `change change-${change.trend}`;
    }
    const chart = document.querySelector('svg.chart');
    const fresh = new DOMParser().parseFromString(figures.chart, 'image/svg+xml').documentElement;
    if (chart && fresh.nodeName === 'svg') chart.replaceWith(document.importNode(fresh, true));
    live.dataset.updates = String(Number(live.dataset.updates || 0) + 1);
  }

  // data-polling says whether a refresh is scheduled (on) or not (off: hidden tab, or signed out).
  function schedule() {
    clearTimeout(timer);
    const on = !stopped && document.visibilityState === 'visible';
    if (on) timer = setTimeout(refresh, EVERY_MS);
    live.dataset.polling = on ? 'on' : 'off';
  }

  async function refresh() {
    try {
      const response = await fetch(live.dataset.live, { headers: { accept: 'application/json' }, cache: 'no-store' });
      // Signed out (the session lasts 90 minutes): stay as is; a reload shows why.
      if (response.status === 401 || response.status === 403) stopped = true;
      else if (response.ok) apply(await response.json());
    } catch {
      // Offline for a moment: try again at the next tick.
    }
    schedule();
  }

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') refresh();
    else schedule();
  });
  schedule();
})();
