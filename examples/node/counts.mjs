// Prints the all-time total and today's count of this app's Vanity add-on.
// Run: VANITY_URL=... node examples/node/counts.mjs   (on Heroku the add-on sets VANITY_URL)
const url = new URL(process.env.VANITY_URL);
// fetch() refuses URLs with credentials: send them as a header instead.
const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
url.username = url.password = '';
const res = await fetch(`${url.href.replace(/\/$/, '')}/counts`, {
  headers: { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` },
});
if (!res.ok) {
  console.error(`Vanity answered ${res.status}: ${(await res.json()).message}`);
  process.exit(1);
}
const counts = await res.json();
console.log(`all-time total: ${counts.total}`);
console.log(`today: ${counts.recent.today}`);
