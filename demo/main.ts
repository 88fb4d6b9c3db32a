// The demo page: one tag. The dashboard talks to the server that served this page (same origin).
import '../src/dashboard/define.ts';
// `?cold`: no warm start (the bench measures the first analysis both ways).
if (new URLSearchParams(location.search).has('cold')) document.querySelector('cpap-dashboard')?.setAttribute('no-warm', '');
// The service worker (demo/sw.ts, built into sw.js) keeps this page and the library for offline
// start. Registered after load, so its downloads do not compete with the page's; not in `vite` dev.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch((e: unknown) => console.warn('Offline start is not available:', e));
  });
}
