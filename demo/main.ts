// The demo page: one tag. The dashboard talks to the server that served this page (same origin).
import '../src/dashboard/define.ts';
