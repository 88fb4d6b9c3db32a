// A placeholder page until <cpap-dashboard> exists: lists the rooms from the patient server without
// downloading any flow image, and refreshes when the server announces a change over SSE.
interface PatientSummary {
  room_number: number;
  patient_mrn: number;
  patient_name: string;
  CPAP_pressure: number[];
  breath_rate: number[];
  measurement_count: number;
}

const fields = 'room_number,patient_mrn,patient_name,CPAP_pressure,breath_rate,measurement_count';
const statusLine = document.querySelector<HTMLParagraphElement>('#status')!;
const table = document.querySelector<HTMLTableElement>('#patients')!;

async function load(): Promise<void> {
  try {
    const res = await fetch(`./patients?fields=${fields}`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    render((await res.json()) as PatientSummary[]);
  } catch (e) {
    statusLine.textContent = `Could not load the patients: ${(e as Error).message}`;
  }
}

function render(patients: PatientSummary[]): void {
  const body = table.tBodies[0]!;
  body.replaceChildren(
    ...patients.map((p) => {
      const row = document.createElement('tr');
      for (const value of [
        p.room_number,
        p.patient_mrn,
        p.patient_name,
        p.measurement_count,
        p.CPAP_pressure.at(-1) ?? '–',
        p.breath_rate.at(-1) ?? '–',
      ]) {
        const cell = document.createElement('td');
        cell.textContent = String(value);
        row.append(cell);
      }
      return row;
    }),
  );
  table.hidden = patients.length === 0;
  statusLine.textContent = patients.length === 0 ? 'No patients yet.' : `${patients.length} rooms`;
}

let pending = 0;
function reloadSoon(): void {
  // Bursts of uploads become one reload.
  clearTimeout(pending);
  pending = window.setTimeout(load, 250);
}

const events = new EventSource('./events');
events.addEventListener('measurement', reloadSoon);
events.addEventListener('patient', reloadSoon);
void load();
export {};
