// Types for the mocha globals that web-test-runner provides (no @types/mocha in this project).
type MochaDone = (err?: unknown) => void;
type MochaFn = (this: unknown, done: MochaDone) => void | Promise<unknown>;
interface MochaTest {
  timeout(ms: number): void;
}
declare function describe(title: string, fn: (this: unknown) => void): void;
declare namespace describe {
  function skip(title: string, fn: (this: unknown) => void): void;
  function only(title: string, fn: (this: unknown) => void): void;
}
declare function it(title: string, fn?: MochaFn): MochaTest;
declare namespace it {
  function skip(title: string, fn?: MochaFn): MochaTest;
  function only(title: string, fn?: MochaFn): MochaTest;
}
declare function before(fn: MochaFn): void;
declare function after(fn: MochaFn): void;
declare function beforeEach(fn: MochaFn): void;
declare function afterEach(fn: MochaFn): void;
