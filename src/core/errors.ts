/** Errors of the analysis, in a module of their own so that the page can use them without the analyser. */

export type CpapErrorCode = 'empty' | 'no-data' | 'aborted' | 'read-failed';

/** A file that cannot be analysed at all; the message is meant for the user. */
export class CpapAnalysisError extends Error {
  readonly code: CpapErrorCode;
  constructor(code: CpapErrorCode, message: string) {
    super(message);
    this.name = 'CpapAnalysisError';
    this.code = code;
  }
}
