/** Errors of the analysis, in a module of their own so that the page can use them without the analyser. */

/** `bad-options`: an analysis option (the clinical scoring's preset or vent curve) is not valid. */
export type CpapErrorCode = 'empty' | 'no-data' | 'aborted' | 'read-failed' | 'bad-options';

/** A file that cannot be analysed at all; the message is meant for the user. */
export class CpapAnalysisError extends Error {
  readonly code: CpapErrorCode;
  constructor(code: CpapErrorCode, message: string) {
    super(message);
    this.name = 'CpapAnalysisError';
    this.code = code;
  }
}
