import { DaFileUploader } from './file-uploader.ts';
import { defineElement } from '../shared/define.ts';

export { DaFileUploader };
// Its events' details; re-exporting from the catalogue brings the typed `da-*` events to this entry.
export type { DaEventMap, DaValueDetail, DaFilesDetail, DaErrorDetail, DaErrorReason, DaCancelDetail } from '../../events.ts';
defineElement('da-file-uploader', DaFileUploader);

declare global {
  interface HTMLElementTagNameMap {
    'da-file-uploader': DaFileUploader;
  }
}
