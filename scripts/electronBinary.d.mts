// Types for scripts/electronBinary.mjs (used from the TypeScript e2e spec).
export declare const PROJECT_ROOT: string;
export declare const MISSING_ELECTRON_MESSAGE: string;
export interface ElectronLocation {
  /** The Electron executable; null when it is not on disk. */
  executable: string | null;
  /** node_modules/electron, or null when the package is not installed. */
  packageDir: string | null;
  /** Where the executable would be, when that can be told. */
  expected: string | null;
}
export declare function locateElectron(options?: { root?: string; env?: NodeJS.ProcessEnv }): ElectronLocation;
export declare function tryInstallElectron(options?: { root?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): ElectronLocation;
