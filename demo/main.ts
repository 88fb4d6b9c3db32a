// The demo page: one tag. The dashboard talks to the server that served this page (same origin).
import '../src/dashboard/define.ts';
// `?cold`: no warm start (the bench measures the first analysis both ways).
if (new URLSearchParams(location.search).has('cold')) document.querySelector('cpap-dashboard')?.setAttribute('no-warm', '');
