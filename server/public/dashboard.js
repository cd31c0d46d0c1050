/* global document, location, URL */
// The dashboard works without this script; it only adds conveniences.
(() => {
  const select = document.querySelector('select[data-autosubmit]');
  if (!select) return;
  select.addEventListener('change', () => select.form.submit());
  for (const element of document.querySelectorAll('.js-hidden')) element.hidden = true;

  // First visit: show the numbers in the browser's own time zone.
  const url = new URL(location.href);
  if (url.searchParams.has('tz')) return;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const known = [...select.options].some((option) => option.value === zone);
  if (!zone || !known || zone === select.value) return;
  url.searchParams.set('tz', zone);
  location.replace(url.toString());
})();
