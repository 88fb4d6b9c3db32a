/**
 * The dashboard's live CPAP pressure: while a room is set and auto-refresh is on, the pressure the
 * monitoring station asks for is watched (pushed on the dashboard's event stream, or polled) and
 * written into the form's pressure field, with a notice and a `da-pressure-change` event.
 */
import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { emit } from '../../events.ts';
import type { PatientApi } from '../../patient-api/client.ts';
import { clampRefreshInterval, integerField } from '../../patient-api/contract.ts';
import type { ServerEventStream } from '../../patient-api/event-stream.ts';
import { watchPressure, type PressureFeedMode } from '../../patient-api/pressure-feed.ts';
import type { DashboardStore } from '../dashboard-state.ts';
import { en, type Strings } from '../../elements/shared/locale.ts';

export class PressureController implements ReactiveController {
  mode: PressureFeedMode | 'off' = 'off';
  /** A problem reaching the server, or ''. */
  problem = '';
  /** What the last applied request changed, or ''. */
  notice = '';

  private stop: (() => void) | null = null;
  /** Room, interval and server watched ('' when off). */
  private key = '';
  /**
   * The request last seen for the watched room. A request is applied once, when it is new: a server
   * that never clears it (the lab's old one) must not overwrite, on every poll, what the nurse typed since.
   */
  private lastRequest: { room: number; value: number } | undefined;

  /** `strings` gives the host's current strings (English by default). */
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly strings: () => Strings = () => en,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.watch(null);
  }

  /** Starts, restarts or stops watching to match the form's state and the server. */
  update(store: DashboardStore, server: { api: PatientApi; stream: ServerEventStream } | null): void {
    const { room, autoRefresh, refreshInterval } = store.get();
    const roomNumber = integerField(room);
    const intervalS = clampRefreshInterval(integerField(refreshInterval));
    const on = autoRefresh && roomNumber !== undefined && server && this.host.isConnected;
    const key = on ? `${roomNumber}/${intervalS}/${server.api.baseUrl}` : '';
    if (key === this.key) return;
    this.key = key;
    this.watch(
      on
        ? () =>
            watchPressure(server.api, server.stream, {
              room: roomNumber,
              intervalS,
              onPressure: (value) => this.apply(store, roomNumber, value),
              onMode: (mode) => this.set({ mode }),
              onProblem: (message) => this.set({ problem: message ?? '' }),
            })
        : null,
    );
  }

  /** The feed's state in words, for the header. */
  describe(autoRefresh: boolean, refreshInterval: string) {
    if (this.problem) return html`<span class="warn">${this.problem}</span>`;
    const s = this.strings();
    if (this.mode === 'push') return s.feedPush;
    if (this.mode === 'poll') return s.feedPoll(String(clampRefreshInterval(integerField(refreshInterval))));
    return autoRefresh ? s.feedWaiting : s.feedOff;
  }

  /** Forgets the last notice (form reset). */
  clearNotice(): void {
    this.set({ notice: '' });
  }

  private watch(start: (() => () => void) | null): void {
    this.stop?.();
    this.stop = null;
    this.key = start ? this.key : '';
    this.set({ mode: 'off', problem: '' });
    if (start) this.stop = start();
  }

  private apply(store: DashboardStore, room: number, value: number): void {
    if (this.lastRequest?.room === room && this.lastRequest.value === value) return;
    this.lastRequest = { room, value };
    const previous = integerField(store.get('pressure'));
    if (previous === value) return;
    store.set('pressure', String(value));
    this.set({ notice: this.strings().pressureSet(String(value), previous === undefined ? undefined : String(previous)) });
    emit(this.host, 'da-pressure-change', { value, previous });
  }

  private set(changes: Partial<Pick<this, 'mode' | 'problem' | 'notice'>>): void {
    Object.assign(this, changes);
    this.host.requestUpdate();
  }
}
