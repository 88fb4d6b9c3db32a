// React 19 sets a prop as a property when the custom element has it (value, apiUrl, ...) and listens
// for `on` + event name props. The tags' JSX types come from the package's generated React types.
import type {} from 'data-app-elements/react';
import 'data-app-elements/dashboard';
import 'data-app-elements/elements/text-input';
import 'data-app-elements/elements/metric-card';
import { useState } from 'react';

const apiUrl = import.meta.env.VITE_PATIENT_API_URL ?? 'http://127.0.0.1:8787/';

export function App() {
  const [name, setName] = useState('Florence');
  return (
    <main>
      <h1>Sleep lab monitor</h1>
      <section className="hello" aria-label="React state">
        <da-text-input id="name" label="Name" value={name} onda-input={(e) => setName(e.detail.value)} />
        <da-metric-card id="on-duty" label="On duty" value={name} placeholder="Nobody yet" />
      </section>
      <cpap-dashboard api-url={apiUrl} store-key="react-monitor" theme="auto" />
    </main>
  );
}
