import { DaFileUploader } from './file-uploader.ts';
import { defineElement } from '../shared/define.ts';

export { DaFileUploader };
defineElement('da-file-uploader', DaFileUploader);

declare global {
  interface HTMLElementTagNameMap {
    'da-file-uploader': DaFileUploader;
  }
}
