// The package as published (installed from `npm pack`): the dashboard and one element, each entry
// defining its tags. The analysis worker comes with the dashboard; Vite bundles it.
import 'data-app-elements/dashboard';
import 'data-app-elements/elements/metric-card';
import './style.css';

const apiUrl = import.meta.env.VITE_PATIENT_API_URL ?? 'http://127.0.0.1:8787/';

const dashboard = document.querySelector('cpap-dashboard')!;
dashboard.apiUrl = apiUrl;

// Events are typed for every entry (GlobalEventHandlersEventMap): e.detail is DashboardUploadDetail.
const uploads = document.querySelector('da-metric-card')!;
let delivered = 0;
dashboard.addEventListener('da-upload', (e) => {
  if (e.detail.delivered) uploads.value = ++delivered;
});
