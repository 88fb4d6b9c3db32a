/**
 * The dashboard's state, the role Streamlit's session_state plays: the form fields and settings,
 * kept in one store that the `da-` elements bind to by key, persisted for reloads and synced to
 * other tabs of the same dashboard.
 */
import { REFRESH_INTERVAL_S } from '../patient-api/contract.ts';
import { createStore, type Store } from '../store/store.ts';

export interface DashboardState {
  patientName: string;
  mrn: string;
  room: string;
  /** CPAP pressure as typed (a whole number in the contract's PRESSURE_RANGE, or empty). */
  pressure: string;
  autoRefresh: boolean;
  /** Seconds between polls of the requested pressure (the contract's REFRESH_INTERVAL_S). */
  refreshInterval: string;
  /** MRN and room are locked after the first successful (or queued) upload, until reset. */
  locked: boolean;
  selectedTab: string;
}

export const DASHBOARD_DEFAULTS: DashboardState = {
  patientName: '',
  mrn: '',
  room: '',
  pressure: '',
  autoRefresh: true,
  refreshInterval: String(REFRESH_INTERVAL_S.default),
  locked: false,
  selectedTab: 'entry',
};

export type DashboardStore = Store<DashboardState>;
export type Persistence = 'session' | 'local' | 'none';

/** One store per dashboard key: two dashboards with different keys never share state. */
export function createDashboardStore(key: string, persist: Persistence): DashboardStore {
  const name = `cpap-dashboard:${key}`;
  return createStore<DashboardState>(
    { ...DASHBOARD_DEFAULTS },
    {
      persist: persist === 'none' ? undefined : { key: name, storage: persist },
      sync: name,
    },
  );
}
